"""Synthetic scholarly data in the real OpenAlex Work format, for demos and benchmarks.

The project ships no third-party data, so the demo and the load/API benchmarks run on works
made here. `generate_works(n, seed)` yields OpenAlex Work entities exactly shaped like the
API's (full-URL ids, `authorships`, `topics`/`primary_topic`, `abstract_inverted_index`,
`locations`, `referenced_works`, ...); `write_jsonl` writes them as JSON lines (gzip for
``*.gz``), like an OpenAlex snapshot part.

What is realistic about it (each one is something a feature or benchmark leans on):

- Authors (~0.6 per work) have multicultural names, OpenAlex-style ids, ORCIDs for ~40% (with
  valid ISO 7064 check digits) and a home institution. A few distinct authors deliberately share
  a display name across research groups (homonyms), besides the natural collisions of common
  names ("Wei Wang").
- Authors live in research groups (power-law sizes, each tied to 1-3 topics); a work's authors
  mostly come from one group plus occasional outsiders; authors per work and works per author
  are heavy-tailed; the group leader tends to be last author.
- Topics are arXiv categories dressed as OpenAlex topics (subfield = arXiv archive, real
  OpenAlex field and domain ids/names); titles and abstracts are built from per-topic
  vocabularies, so works of one topic are textually similar.
- Works are emitted in publication order (ids increase with date); each cites 5-40 earlier works,
  preferring its own topic and highly cited works (preferential attachment), so the citation
  graph is a DAG with hubs. A work is never cited by more works of the data set than its
  `cited_by_count`. ~30% are on arXiv (new- and old-style arXiv ids, unique).

Determinism: every random choice comes from `random.Random` / `numpy.random.Generator`
instances seeded from `seed`; the same seed gives byte-identical output (gzip headers carry no
timestamp or file name), whatever PYTHONHASHSEED. Ids do not depend on the seed, so two data
sets of different seeds must not be loaded into one graph.

Memory: catalogues (topics, institutions, sources) are fixed-size; the author pool and the
citation sampler hold compact arrays (~50 bytes per work in all, so ~50 MB at 1M works) plus a
bounded author cache; records themselves are streamed. Nested dicts (`source`, institutions,
topic parts, `author`) are shared between yielded works: treat the records as read-only.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import math
import queue
import random
import re
import sys
import threading
import time
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from loaders.arxiv_taxonomy import ALIASES, ARCHIVES, CATEGORIES, archive_of

__all__ = ["generate_works", "main", "orcid_check_digit", "ror_checksum", "write_jsonl"]

Work = dict[str, Any]

OPENALEX = "https://openalex.org/"
START_DATE = date(1995, 1, 1)
END_DATE = date(2025, 10, 31)  # the snapshot the data pretends to come from
UPDATED_DATE = "2025-11-02T08:14:27.512304"

# --- names ---------------------------------------------------------------------------------------
# (given names, family names, countries whose institutions draw from this culture). Lists are in
# rough frequency order: names are drawn Zipf-like, so common names collide as in real data.

_CULTURES: tuple[tuple[str, str, str], ...] = (
    (
        "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Sarah "
        "Richard Emily Thomas Jessica Daniel Laura Matthew Rachel Andrew Emma Christopher Hannah "
        "Benjamin Olivia Samuel Grace Nathan Megan",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Martin Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker "
        "Adams Campbell Mitchell Roberts Evans Turner Collins Murphy Cooper Reed",
        "US GB CA AU NZ IE",
    ),
    (
        "Wei Fang Jing Lei Yan Jun Hui Ying Xin Tao Ming Li Hao Yu Qiang Xiaoming Jian Lin Yue "
        "Chen Zhiwei Yifan Haoran Xinyu Jiayi Zihan Ruoxi Shuo",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao "
        "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng",
        "CN TW SG HK",
    ),
    (
        "Rahul Priya Amit Anjali Vikram Sneha Arjun Pooja Rajesh Kavya Sanjay Neha Aditya Divya "
        "Karthik Lakshmi Suresh Deepa Rohan Ananya Manish Shreya",
        "Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Das Mehta Joshi Agarwal Banerjee "
        "Chatterjee Mukherjee Pillai Verma Menon Krishnan Bhat Desai",
        "IN",
    ),
    (
        "José María Juan Ana Carlos Lucía Luis Carmen Javier Sofía Miguel Isabel Alejandro Paula "
        "Diego Elena Pablo Marta Andrés Valentina Fernando Camila",
        "García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores "
        "Rivera Gómez Díaz Moreno Álvarez Romero Ruiz Navarro Castillo Ortega Vargas",
        "ES MX AR CL CO",
    ),
    (
        "João Ana Pedro Beatriz Lucas Mariana Gabriel Juliana Rafael Fernanda Thiago Larissa "
        "Bruno Camila Gustavo Letícia",
        "Silva Santos Oliveira Souza Pereira Costa Ferreira Almeida Carvalho Ribeiro Gomes "
        "Martins Rocha Barbosa Araújo Cardoso",
        "BR PT",
    ),
    (
        "Lukas Anna Maximilian Lena Felix Katharina Jonas Julia Tobias Stefan Sabine Andreas "
        "Claudia Matthias Johanna Florian Miriam Sebastian Franziska Jürgen",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange",
        "DE AT CH",
    ),
    (
        "Jean Marie Pierre Camille Nicolas Julie François Claire Antoine Chloé Julien Élise "
        "Mathieu Céline Olivier Amélie Guillaume Hélène",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefèvre Michel Fontaine Rousseau Girard Bonnet Lambert Faure",
        "FR BE CH",
    ),
    (
        "Marco Giulia Luca Francesca Alessandro Chiara Matteo Sara Giuseppe Valentina Andrea "
        "Federica Lorenzo Elisa Davide Silvia Stefano Martina",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti",
        "IT",
    ),
    (
        "Hiroshi Yuki Takashi Naoko Kenji Aiko Satoshi Haruka Daisuke Yoko Kazuki Emi Takumi Mai "
        "Shinji Akiko Ryo Sakura",
        "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida "
        "Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Mori",
        "JP",
    ),
    (
        "Min-jun Seo-yeon Ji-hoon Ji-woo Hyun-woo Soo-jin Dong-hyun Eun-ji Jae-won Ha-eun "
        "Sung-min Yu-na Young-ho Min-seo",
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon",
        "KR",
    ),
    (
        "Mohammed Fatima Ahmed Aisha Omar Layla Ali Mariam Hassan Noor Youssef Salma Khalid Huda "
        "Karim Rania Tariq Amina",
        "Al-Sayed Haddad Khalil Mansour Nasser Hamdan Saleh Farouk Abdallah Ibrahim Hussein "
        "El-Amin Aziz Rahman Bakr Qasim",
        "EG SA AE JO MA",
    ),
    (
        "Alexei Olga Dmitri Natalia Sergei Irina Ivan Ekaterina Mikhail Anastasia Andrei Tatiana "
        "Nikolai Svetlana Pavel Yulia",
        "Ivanov Petrova Smirnov Kuznetsov Popov Volkova Sokolov Lebedev Kozlov Novikova Morozov "
        "Pavlov Fedorov Orlov Egorov Vasiliev",
        "RU UA",
    ),
    (
        "Łukasz Katarzyna Piotr Agnieszka Tomasz Magdalena Krzysztof Paweł Joanna Jakub Zofia "
        "Marek Ewa Tamás Eszter Jiří",
        "Kowalski Nowak Wiśniewski Wójcik Kamińska Lewandowski Zieliński Szymańska Dvořák Novák "
        "Černý Horváth Nagy Kovács",
        "PL CZ HU",
    ),
    (
        "Lars Ingrid Erik Sofie Anders Astrid Mikkel Freja Jan Sanne Pieter Femke Bram Maarten Sven Elin Mikko Aino",
        "Andersen Nielsen Hansen Johansson Larsson Eriksson Lindqvist Berg de_Vries van_Dijk "
        "Jansen Bakker Visser Smit Mulder Virtanen Korhonen",
        "NL SE DK NO FI",
    ),
    (
        "Mehmet Ayşe Mustafa Elif Emre Zeynep Can Deniz Reza Maryam Hossein Narges Amir Parisa",
        "Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Arslan Hosseini Mohammadi Ahmadi Rezaei "
        "Karimi Moradi Jafari Rahimi",
        "TR IR",
    ),
    (
        "Chinedu Ngozi Oluwaseun Adaeze Kwame Ama Tendai Thandiwe Emeka Yetunde Kofi Zanele Abebe Wanjiru",
        "Okafor Adeyemi Okonkwo Mensah Boateng Ndlovu Dlamini Mwangi Otieno Eze Bello Tesfaye Nkosi Osei",
        "NG GH ZA KE ET",
    ),
    (
        "Minh Linh Tuan Huong Duc Thao Quang Hung Trang Anh",
        "Nguyen Tran Le Pham Hoang Vo Dang Bui Do Ngo",
        "VN",
    ),
    (
        "Georgios Nikolaos Eleni Dimitrios Katerina Konstantinos Sofia Ioannis",
        "Papadopoulos Georgiou Dimitriou Nikolaou Papageorgiou Vlachos Karagiannis Oikonomou",
        "GR",
    ),
)

# Long tails of family names, built as prefix + suffix the way many real surnames are formed
# (culture index in _CULTURES -> (prefixes, suffixes)); they follow the common names above in
# frequency order. Chinese, Korean and Vietnamese surnames really are that concentrated.
_SURNAME_PARTS: dict[int, tuple[str, str]] = {
    0: (
        "Ash Black Brad Brook Clay Cole Craw Fair Green Hart Hol Lang Mar Red Stan Thorn West "
        "Whit Wood Hay Pem Rad Ather Bar Dun",
        "ford wood ley ton field well ham by worth more wick ridge dale ington",
    ),
    2: (
        "Rama Krishna Subra Bala Chandra Ravi Deva Hari Siva Ananda Venkata Sri Raghu Gopala",
        "nathan murthy swamy raman mani narayanan krishnan sekar kumar prasad",
    ),
    5: (
        "Acker Bauer Berg Brand Eich Feld Gross Hart Hof Kirch Lang Lind Neu Ober Reich Rosen "
        "Schön Stein Wald Weiß Winter Holz Kessel Sonnen",
        "mann er hoff stein berg feld haus bach ner huber meier ling",
    ),
    6: (
        "Beau Bel Bon Champ Chev Dela Fon Gar Lan Mar Mont Ros Ver Vil Cour Bois",
        "lier mont champ court ville val bois rain chard net tier pierre",
    ),
    7: (
        "Bel Cap Castel Monte Ross Ferr Bian Mar Val Fior Santa Bon Gal Luc Car Pal",
        "ini etti elli oni ucci ari ino one otti acci",
    ),
    8: (
        "Yama Naka Ta Ishi Matsu Ki Hashi Mori Fuji Taka Kawa Ko Hira Oka Sasa Ino Nishi Kita "
        "Miya Shima Ara Iwa Maru Sugi",
        "moto mura da kawa yama shita hara zaki no ta guchi saki oka ike bayashi gawa",
    ),
    11: (
        "Belo Zaits Gus Bog Sor Makar Nikit Zakhar Tarasen Kiril Grigor Stepan Afanas Timof Osip Lukin Semen Fomin",
        "ov ova in ina enko sky",
    ),
    13: (
        "Lars Nils Sven Erik Per Jens Anders Olof Karl Gustav Johan Mats Hen Jakob Ole Mikael Tor Rasmus",
        "sen son sson",
    ),
    14: ("Ak Kara Öz Yıldız Er Gül Tan Demir Çetin Kılıç Ay Şen Bal Uz Koç Tek", "oğlu türk kan soy er can dağ"),
    17: (
        "Alexandr Christ Dimitr Georg Kost Nikol Theodor Vasil Stavr Michal Petr Spyr Ioann Panag Athanas",
        "opoulos idis akis ou",
    ),
}

# Share of authors per culture (roughly the make-up of the arXiv/OpenAlex author population).
_CULTURE_WEIGHTS = (22, 22, 9, 6, 4, 6, 5, 4, 5, 3, 3, 3, 2, 3, 2, 1, 1, 1)

# --- places ----------------------------------------------------------------------------------------
# country code -> (country name, adjective for national bodies, cities)
_COUNTRIES: dict[str, tuple[str, str, str]] = {
    "US": (
        "United States",
        "American",
        "Boston;Chicago;Austin;Seattle;Atlanta;Pittsburgh;Madison;Ann Arbor;Berkeley;"
        "Princeton;Houston;San Diego;Minneapolis;Baltimore;Philadelphia;Denver;Urbana",
    ),
    "GB": ("United Kingdom", "British", "Edinburgh;Manchester;Bristol;Glasgow;Leeds;Oxford"),
    "CA": ("Canada", "Canadian", "Toronto;Montreal;Vancouver;Waterloo;Calgary"),
    "AU": ("Australia", "Australian", "Sydney;Melbourne;Brisbane;Adelaide"),
    "NZ": ("New Zealand", "New Zealand", "Auckland;Wellington"),
    "IE": ("Ireland", "Irish", "Dublin;Galway"),
    "CN": (
        "China",
        "Chinese",
        "Beijing;Shanghai;Nanjing;Wuhan;Hangzhou;Chengdu;Xi'an;Harbin;Hefei;Guangzhou;Tianjin;Shenzhen",
    ),
    "TW": ("Taiwan", "Taiwanese", "Taipei;Hsinchu"),
    "SG": ("Singapore", "Singaporean", "Singapore"),
    "HK": ("Hong Kong", "Hong Kong", "Hong Kong"),
    "IN": ("India", "Indian", "Bangalore;Delhi;Mumbai;Chennai;Kanpur;Kolkata;Hyderabad"),
    "ES": ("Spain", "Spanish", "Madrid;Barcelona;Valencia;Granada"),
    "MX": ("Mexico", "Mexican", "Mexico City;Guadalajara"),
    "AR": ("Argentina", "Argentine", "Buenos Aires;Córdoba"),
    "CL": ("Chile", "Chilean", "Santiago"),
    "CO": ("Colombia", "Colombian", "Bogotá;Medellín"),
    "BR": ("Brazil", "Brazilian", "São Paulo;Rio de Janeiro;Campinas;Porto Alegre"),
    "PT": ("Portugal", "Portuguese", "Lisbon;Porto"),
    "DE": ("Germany", "German", "Munich;Berlin;Heidelberg;Aachen;Bonn;Hamburg;Karlsruhe;Dresden"),
    "AT": ("Austria", "Austrian", "Vienna;Graz"),
    "CH": ("Switzerland", "Swiss", "Zurich;Geneva;Lausanne;Basel"),
    "FR": ("France", "French", "Paris;Lyon;Grenoble;Toulouse;Marseille;Strasbourg"),
    "BE": ("Belgium", "Belgian", "Leuven;Ghent;Brussels"),
    "IT": ("Italy", "Italian", "Milan;Rome;Bologna;Padua;Pisa;Turin;Naples"),
    "JP": ("Japan", "Japanese", "Tokyo;Kyoto;Osaka;Nagoya;Sendai;Tsukuba"),
    "KR": ("South Korea", "Korean", "Seoul;Daejeon;Pohang;Busan"),
    "EG": ("Egypt", "Egyptian", "Cairo;Alexandria"),
    "SA": ("Saudi Arabia", "Saudi", "Riyadh;Thuwal"),
    "AE": ("United Arab Emirates", "Emirati", "Abu Dhabi"),
    "JO": ("Jordan", "Jordanian", "Amman"),
    "MA": ("Morocco", "Moroccan", "Rabat"),
    "RU": ("Russia", "Russian", "Moscow;Novosibirsk;Saint Petersburg"),
    "UA": ("Ukraine", "Ukrainian", "Kyiv;Kharkiv"),
    "PL": ("Poland", "Polish", "Warsaw;Kraków;Wrocław"),
    "CZ": ("Czechia", "Czech", "Prague;Brno"),
    "HU": ("Hungary", "Hungarian", "Budapest"),
    "NL": ("Netherlands", "Dutch", "Amsterdam;Delft;Utrecht;Leiden;Eindhoven"),
    "SE": ("Sweden", "Swedish", "Stockholm;Uppsala;Lund"),
    "DK": ("Denmark", "Danish", "Copenhagen;Aarhus"),
    "NO": ("Norway", "Norwegian", "Oslo;Trondheim"),
    "FI": ("Finland", "Finnish", "Helsinki;Espoo"),
    "TR": ("Türkiye", "Turkish", "Istanbul;Ankara"),
    "IR": ("Iran", "Iranian", "Tehran;Isfahan"),
    "NG": ("Nigeria", "Nigerian", "Lagos;Ibadan"),
    "GH": ("Ghana", "Ghanaian", "Accra"),
    "ZA": ("South Africa", "South African", "Cape Town;Johannesburg;Stellenbosch"),
    "KE": ("Kenya", "Kenyan", "Nairobi"),
    "ET": ("Ethiopia", "Ethiopian", "Addis Ababa"),
    "VN": ("Vietnam", "Vietnamese", "Hanoi;Ho Chi Minh City"),
    "GR": ("Greece", "Greek", "Athens;Thessaloniki;Heraklion"),
    "IL": ("Israel", "Israeli", "Haifa;Rehovot;Tel Aviv"),
}

_COMPANY_WORDS = (
    "Nova",
    "Helix",
    "Vector",
    "Quanta",
    "Aurora",
    "Atlas",
    "Orion",
    "Cobalt",
    "Lumen",
    "Tensor",
    "Photon",
    "Stratus",
    "Polaris",
    "Nimbus",
    "Apex",
    "Cortex",
    "Meridian",
    "Zenith",
    "Sigma",
    "Vertex",
)
_COMPANY_SUFFIX = ("Labs", "Research", "Technologies", "Systems", "AI", "Analytics", "Quantum")

# --- topic vocabularies ---------------------------------------------------------------------------
# Per arXiv category: characteristic phrases (titles and abstracts draw 75% of their topical
# phrases from the primary topic, so works of one topic share vocabulary). Categories missing here
# fall back to phrases from their name plus a stable sample of their archive's methods.

_TERMS: dict[str, str] = {
    "cs.AI": "knowledge representation;automated planning;constraint satisfaction;multi-agent "
    "reasoning;commonsense reasoning;large language model agents;symbolic reasoning;belief "
    "revision;heuristic search;explainable artificial intelligence;answer set programming",
    "cs.AR": "hardware accelerators;processor microarchitecture;cache coherence;memory "
    "bandwidth;FPGA design;systolic arrays;branch prediction;instruction-level parallelism;"
    "energy-efficient hardware;near-memory computing",
    "cs.CC": "computational complexity;circuit lower bounds;NP-hardness;polynomial hierarchy;"
    "interactive proofs;communication complexity;hardness of approximation;pseudorandomness;"
    "query complexity;fine-grained complexity",
    "cs.CE": "finite element simulation;computational fluid dynamics;multiphysics solvers;"
    "uncertainty quantification;surrogate modeling;computational finance;topology optimization;"
    "reduced-order models",
    "cs.CG": "convex hulls;Voronoi diagrams;geometric range searching;polygon triangulation;"
    "motion planning;point location;geometric approximation;arrangements of lines",
    "cs.CL": "natural language processing;language models;machine translation;named entity "
    "recognition;question answering;text summarization;sentiment analysis;word embeddings;"
    "dependency parsing;low-resource languages;instruction tuning;in-context learning",
    "cs.CR": "cryptographic protocols;side-channel attacks;malware detection;differential privacy;"
    "homomorphic encryption;intrusion detection;authentication schemes;zero-knowledge proofs;"
    "software vulnerabilities;adversarial attacks",
    "cs.CV": "image classification;object detection;semantic segmentation;convolutional neural "
    "networks;vision transformers;image generation;pose estimation;optical flow;3D "
    "reconstruction;video understanding;diffusion models;visual recognition",
    "cs.CY": "algorithmic fairness;online misinformation;digital divide;technology policy;"
    "computing education;platform governance;social impact of automation;privacy regulation",
    "cs.DB": "query optimization;relational databases;transaction processing;data integration;"
    "indexing structures;graph databases;stream processing;schema matching;query languages;"
    "data cleaning",
    "cs.DC": "distributed computing;parallel algorithms;cloud computing;consensus protocols;"
    "fault tolerance;load balancing;GPU clusters;message passing;serverless computing;"
    "distributed training",
    "cs.DL": "digital libraries;citation analysis;scholarly communication;bibliometric "
    "indicators;research metadata;author name disambiguation;open access publishing;"
    "citation recommendation",
    "cs.DM": "graph colouring;extremal graph theory;combinatorial designs;discrete structures;"
    "Ramsey numbers;matchings in graphs;hypergraphs;enumerative combinatorics",
    "cs.DS": "approximation algorithms;graph algorithms;data structures;online algorithms;"
    "streaming algorithms;shortest paths;randomized algorithms;parameterized complexity;"
    "dynamic graph algorithms;sublinear algorithms",
    "cs.ET": "neuromorphic computing;memristive devices;DNA computing;spintronic logic;"
    "quantum-dot cellular automata;in-memory computing;emerging nanotechnologies",
    "cs.FL": "finite automata;regular languages;context-free grammars;weighted automata;"
    "tree automata;language equivalence;pushdown systems;omega-regular languages",
    "cs.GR": "computer graphics;mesh processing;physically based rendering;ray tracing;"
    "geometry processing;character animation;neural rendering;texture synthesis",
    "cs.GT": "mechanism design;Nash equilibria;auction theory;social choice;fair division;"
    "algorithmic game theory;price of anarchy;matching markets",
    "cs.HC": "user interfaces;usability studies;human-computer interaction;interaction design;"
    "accessibility;user experience;visual analytics;crowdsourcing;wearable interfaces",
    "cs.IR": "information retrieval;recommender systems;search engines;learning to rank;"
    "collaborative filtering;query expansion;dense retrieval;click models;relevance feedback",
    "cs.IT": "channel capacity;error-correcting codes;information-theoretic limits;polar codes;"
    "network coding;rate-distortion theory;MIMO channels;secrecy capacity;LDPC codes",
    "cs.LG": "deep learning;neural networks;representation learning;reinforcement learning;"
    "generalization bounds;stochastic optimization;graph neural networks;self-supervised "
    "learning;federated learning;transformers;gradient descent;few-shot learning;"
    "out-of-distribution generalization",
    "cs.LO": "modal logic;type theory;proof assistants;model checking;temporal logic;"
    "program semantics;lambda calculus;automated theorem proving;linear logic",
    "cs.MA": "multi-agent systems;agent coordination;cooperative games;negotiation protocols;"
    "swarm intelligence;distributed constraint optimization;emergent communication",
    "cs.MM": "multimedia retrieval;video streaming;audio-visual fusion;image compression;"
    "quality of experience;multimodal learning;content-based retrieval",
    "cs.MS": "numerical libraries;mathematical software;sparse linear algebra;automatic "
    "differentiation;floating-point arithmetic;computer algebra systems",
    "cs.NE": "evolutionary algorithms;genetic programming;spiking neural networks;"
    "neuroevolution;particle swarm optimization;evolution strategies;neural architecture search",
    "cs.NI": "wireless networks;network protocols;software-defined networking;Internet of "
    "Things;congestion control;routing algorithms;5G networks;edge computing;network "
    "measurement",
    "cs.OS": "operating systems;virtual memory;file systems;kernel scheduling;virtualization;"
    "containers;persistent memory;system calls",
    "cs.PF": "performance modeling;queueing networks;benchmarking;tail latency;capacity "
    "planning;workload characterization;performance evaluation",
    "cs.PL": "programming languages;type systems;compiler optimization;program synthesis;"
    "static analysis;functional programming;gradual typing;program verification",
    "cs.RO": "robot manipulation;motion planning;legged locomotion;simultaneous localization "
    "and mapping;robot learning;grasping;autonomous navigation;human-robot interaction",
    "cs.SC": "symbolic computation;Gröbner bases;polynomial system solving;computer algebra;"
    "symbolic integration;algebraic algorithms",
    "cs.SD": "audio signal processing;speech synthesis;music information retrieval;sound event "
    "detection;source separation;audio representation learning",
    "cs.SE": "software engineering;program repair;code review;software testing;technical debt;"
    "continuous integration;code generation;mining software repositories;requirements "
    "engineering",
    "cs.SI": "social networks;community detection;information diffusion;network embedding;"
    "influence maximization;online communities;link prediction;network centrality",
    "econ.EM": "econometric models;instrumental variables;causal inference;panel data;treatment "
    "effects;difference-in-differences;identification strategies;quantile regression",
    "econ.GN": "labor markets;economic growth;income inequality;monetary policy;household "
    "consumption;trade policy;development economics;minimum wage",
    "econ.TH": "mechanism design;contract theory;decision theory;general equilibrium;"
    "information design;bounded rationality;matching theory",
    "eess.AS": "speech recognition;speaker verification;speech enhancement;acoustic modeling;"
    "audio source separation;keyword spotting;text-to-speech",
    "eess.IV": "image reconstruction;medical image segmentation;image denoising;compressive "
    "imaging;magnetic resonance imaging;super-resolution;hyperspectral imaging",
    "eess.SP": "signal processing;channel estimation;beamforming;radar signal processing;"
    "sparse signal recovery;graph signal processing;massive MIMO;spectrum sensing",
    "eess.SY": "control systems;model predictive control;system identification;robust control;"
    "power systems;state estimation;networked control;stability analysis",
    "math.AC": "commutative rings;Noetherian rings;local cohomology;Cohen-Macaulay modules;"
    "ideal theory;Hilbert functions;Gorenstein rings",
    "math.AG": "algebraic varieties;moduli spaces;birational geometry;sheaf cohomology;"
    "Hodge theory;algebraic curves;toric varieties;derived categories",
    "math.AP": "partial differential equations;Navier-Stokes equations;elliptic equations;"
    "well-posedness;nonlinear Schrödinger equations;regularity theory;blow-up solutions;"
    "Sobolev inequalities;free boundary problems",
    "math.AT": "homotopy theory;spectral sequences;cohomology operations;stable homotopy;fibrations;K-theory;operads",
    "math.CA": "special functions;orthogonal polynomials;Fourier series;singular integrals;"
    "hypergeometric functions;inequalities for integrals",
    "math.CO": "graph theory;extremal combinatorics;random graphs;enumerative combinatorics;"
    "Ramsey theory;combinatorial designs;permutation patterns;graph colourings;matroids",
    "math.CT": "category theory;monoidal categories;higher categories;adjoint functors;"
    "topos theory;enriched categories",
    "math.CV": "holomorphic functions;several complex variables;conformal mappings;"
    "pluripotential theory;Riemann surfaces;value distribution theory",
    "math.DG": "Riemannian manifolds;curvature flows;minimal surfaces;Einstein metrics;"
    "geometric analysis;Kähler geometry;submanifolds",
    "math.DS": "dynamical systems;ergodic theory;bifurcation analysis;chaotic dynamics;"
    "invariant measures;Hamiltonian systems;symbolic dynamics;Lyapunov exponents",
    "math.FA": "Banach spaces;operator theory;functional analysis;Hilbert spaces;bounded "
    "operators;spectral theory;operator ideals",
    "math.GN": "general topology;topological spaces;compactness;metrizable spaces;continua;function spaces",
    "math.GR": "group theory;finite groups;geometric group theory;group actions;"
    "hyperbolic groups;representation growth;Coxeter groups",
    "math.GT": "knot invariants;three-manifolds;mapping class groups;hyperbolic geometry;"
    "Heegaard splittings;surface topology;braid groups",
    "math.HO": "history of mathematics;mathematical practice;mathematics education;"
    "mathematical biography;philosophy of mathematics",
    "math.KT": "algebraic K-theory;cyclic homology;operator K-theory;index theory;noncommutative motives",
    "math.LO": "model theory;set theory;forcing;computability theory;large cardinals;proof theory;definable sets",
    "math.MG": "metric spaces;convex bodies;discrete geometry;packing problems;isoperimetric inequalities;polytopes",
    "math.NA": "numerical methods;finite element methods;error estimates;iterative solvers;"
    "discontinuous Galerkin methods;convergence analysis;preconditioning;time integration",
    "math.NT": "number theory;prime numbers;modular forms;elliptic curves;L-functions;"
    "Diophantine equations;analytic number theory;Galois representations",
    "math.OA": "operator algebras;von Neumann algebras;C*-algebras;subfactors;noncommutative geometry;free probability",
    "math.OC": "optimal control;convex optimization;nonconvex optimization;first-order methods;"
    "stochastic programming;optimality conditions;variational inequalities",
    "math.PR": "stochastic processes;random walks;Brownian motion;martingales;large deviations;"
    "random matrices;percolation;stochastic differential equations;interacting particle "
    "systems",
    "math.QA": "quantum groups;Hopf algebras;vertex operator algebras;tensor categories;"
    "quantum invariants;deformation quantization",
    "math.RA": "associative algebras;Lie algebras;ring theory;noncommutative rings;polynomial identities;derivations",
    "math.RT": "representation theory;Lie groups;highest weight modules;category O;"
    "automorphic representations;character formulas",
    "math.SG": "symplectic manifolds;Floer homology;Hamiltonian dynamics;Lagrangian "
    "submanifolds;contact geometry;pseudo-holomorphic curves",
    "math.SP": "spectral theory;Schrödinger operators;eigenvalue asymptotics;Laplace "
    "operators;spectral gaps;resonances",
    "math.ST": "statistical estimation;asymptotic theory;minimax rates;hypothesis testing;"
    "high-dimensional statistics;consistency of estimators;nonparametric inference",
    "math-ph": "mathematical physics;integrable systems;quantum field theory;random matrix "
    "theory;statistical mechanics;spectral problems;rigorous results",
    "astro-ph.CO": "cosmic microwave background;dark energy;large-scale structure;inflation;"
    "baryon acoustic oscillations;cosmological parameters;weak gravitational lensing;dark matter "
    "halos",
    "astro-ph.EP": "exoplanets;protoplanetary disks;planet formation;transit photometry;"
    "planetary atmospheres;radial velocity surveys;debris disks;the solar system",
    "astro-ph.GA": "galaxy evolution;star formation;interstellar medium;active galactic nuclei;"
    "the Milky Way;galaxy clusters;molecular clouds;stellar populations",
    "astro-ph.HE": "gamma-ray bursts;neutron stars;black hole accretion;cosmic rays;"
    "supernova remnants;X-ray binaries;relativistic jets;fast radio bursts",
    "astro-ph.IM": "astronomical instrumentation;telescope design;data pipelines;adaptive "
    "optics;detector calibration;sky surveys",
    "astro-ph.SR": "stellar evolution;asteroseismology;solar flares;binary stars;stellar "
    "magnetic fields;white dwarfs;stellar winds",
    "cond-mat.dis-nn": "disordered systems;spin glasses;Anderson localization;neural network "
    "models;random media;glassy dynamics",
    "cond-mat.mes-hall": "quantum dots;topological insulators;graphene;quantum Hall effect;"
    "spin transport;Majorana modes;twisted bilayers;electron transport in nanostructures",
    "cond-mat.mtrl-sci": "first-principles calculations;thin films;crystal structure;"
    "electronic band structure;two-dimensional materials;defects in semiconductors;phonons;"
    "materials discovery",
    "cond-mat.quant-gas": "Bose-Einstein condensates;ultracold atoms;optical lattices;"
    "Feshbach resonances;quantum gases;superfluidity",
    "cond-mat.soft": "soft matter;colloids;polymers;liquid crystals;active matter;"
    "granular materials;self-assembly;membranes",
    "cond-mat.stat-mech": "statistical mechanics;phase transitions;critical phenomena;"
    "nonequilibrium dynamics;stochastic thermodynamics;Ising model;fluctuation theorems",
    "cond-mat.str-el": "strongly correlated electrons;Hubbard model;quantum spin liquids;"
    "heavy fermions;Mott insulators;frustrated magnets;quantum criticality",
    "cond-mat.supr-con": "superconductivity;pairing symmetry;cuprates;iron-based "
    "superconductors;Josephson junctions;vortex dynamics;critical temperature",
    "gr-qc": "general relativity;gravitational waves;black hole spacetimes;numerical "
    "relativity;modified gravity;cosmological perturbations;quantum gravity",
    "hep-ex": "collider experiments;proton-proton collisions;cross-section measurements;"
    "particle detectors;Higgs boson decays;neutrino oscillations;searches for new physics",
    "hep-lat": "lattice QCD;hadron spectroscopy;lattice gauge theory;chiral fermions;"
    "quark masses;Monte Carlo sampling of gauge fields",
    "hep-ph": "Standard Model phenomenology;dark matter candidates;Higgs physics;neutrino "
    "masses;parton distribution functions;flavour physics;beyond the Standard Model",
    "hep-th": "string theory;conformal field theory;AdS/CFT correspondence;supersymmetry;"
    "scattering amplitudes;black hole entropy;holography;gauge theories",
    "nucl-ex": "heavy-ion collisions;nuclear reactions;neutron-rich nuclei;nuclear "
    "spectroscopy;quark-gluon plasma;nuclear structure measurements",
    "nucl-th": "nuclear structure;nuclear matter;effective field theory for nuclei;"
    "nuclear equation of state;shell model;few-body systems",
    "quant-ph": "quantum computing;entanglement;quantum error correction;quantum algorithms;"
    "qubits;quantum communication;open quantum systems;quantum metrology;variational quantum "
    "circuits;quantum key distribution",
    "nlin.AO": "self-organization;adaptive networks;complex systems;emergent behaviour;collective dynamics",
    "nlin.CD": "chaos;strange attractors;Lyapunov exponents;synchronization;nonlinear oscillators;bifurcations",
    "nlin.CG": "cellular automata;lattice gases;pattern generation rules;discrete dynamical models",
    "nlin.PS": "pattern formation;solitons;reaction-diffusion systems;nonlinear waves;"
    "Turing patterns;localized structures",
    "nlin.SI": "integrable systems;Lax pairs;soliton solutions;inverse scattering transform;"
    "Painlevé equations;Bäcklund transformations",
    "physics.ao-ph": "climate models;atmospheric dynamics;ocean circulation;precipitation "
    "extremes;aerosols;weather forecasting;sea surface temperature",
    "physics.app-ph": "photonic devices;semiconductor devices;metamaterials;sensors;"
    "thermoelectric materials;energy harvesting",
    "physics.atom-ph": "atomic clocks;laser cooling;precision spectroscopy;Rydberg atoms;"
    "trapped ions;atomic collisions",
    "physics.bio-ph": "biophysics;protein folding;molecular motors;membrane mechanics;"
    "cell mechanics;single-molecule experiments",
    "physics.chem-ph": "chemical physics;electronic structure;reaction dynamics;potential "
    "energy surfaces;molecular spectroscopy;excited states",
    "physics.comp-ph": "computational physics;molecular dynamics;lattice Boltzmann methods;"
    "high-performance simulations;Monte Carlo methods;particle-in-cell codes",
    "physics.data-an": "data analysis;statistical methods in physics;unfolding;signal "
    "extraction;uncertainty estimation;anomaly detection",
    "physics.flu-dyn": "turbulence;boundary layers;Navier-Stokes simulations;vortex dynamics;"
    "multiphase flows;convection;drag reduction",
    "physics.geo-ph": "seismology;earthquake dynamics;mantle convection;geomagnetism;"
    "seismic tomography;fault mechanics",
    "physics.ins-det": "particle detectors;calorimeters;silicon sensors;readout electronics;"
    "detector calibration;photomultipliers",
    "physics.med-ph": "medical physics;radiotherapy;dosimetry;medical imaging;proton therapy;image-guided treatment",
    "physics.optics": "nonlinear optics;photonic crystals;optical frequency combs;integrated "
    "photonics;laser pulses;optical fibers;plasmonics;structured light",
    "physics.plasm-ph": "plasma physics;magnetic confinement fusion;tokamaks;plasma "
    "turbulence;laser-plasma interaction;magnetic reconnection",
    "physics.soc-ph": "complex networks;opinion dynamics;epidemic spreading;human mobility;"
    "urban scaling;collective behaviour",
    "physics.acc-ph": "particle accelerators;beam dynamics;plasma wakefield acceleration;"
    "free-electron lasers;beam diagnostics",
    "physics.space-ph": "solar wind;magnetosphere;space weather;ionosphere;coronal mass ejections",
    "q-bio.BM": "protein structure;molecular dynamics of proteins;protein-ligand binding;RNA folding;drug design",
    "q-bio.CB": "cell migration;cell signaling;cell division;tissue growth;cellular mechanics",
    "q-bio.GN": "genomics;gene expression;sequence alignment;genome assembly;single-cell "
    "RNA sequencing;genetic variants",
    "q-bio.MN": "gene regulatory networks;metabolic networks;signaling pathways;network motifs;systems biology",
    "q-bio.NC": "neural coding;synaptic plasticity;cortical dynamics;neural circuits;"
    "brain networks;decision making in the brain;neuronal populations",
    "q-bio.PE": "population dynamics;evolutionary dynamics;epidemic models;phylogenetics;"
    "natural selection;species coexistence",
    "q-bio.QM": "quantitative methods in biology;bioimage analysis;biological data "
    "integration;statistical genetics;mathematical biology",
    "q-fin.CP": "option pricing algorithms;Monte Carlo simulation in finance;"
    "finite-difference schemes;calibration of models;computational finance",
    "q-fin.MF": "stochastic calculus;arbitrage theory;portfolio optimization;martingale measures;utility maximization",
    "q-fin.PM": "portfolio management;asset allocation;risk parity;factor investing;mean-variance optimization",
    "q-fin.PR": "option pricing;derivative valuation;volatility surfaces;interest rate models;credit derivatives",
    "q-fin.RM": "risk management;value at risk;systemic risk;credit risk;stress testing",
    "q-fin.ST": "financial time series;volatility clustering;heavy tails;market correlations;return predictability",
    "q-fin.TR": "market microstructure;limit order books;high-frequency trading;optimal execution;market impact",
    "stat.AP": "applied statistics;clinical trials;survival analysis;spatial statistics;"
    "epidemiological data;environmental statistics;public health data",
    "stat.CO": "Markov chain Monte Carlo;sequential Monte Carlo;computational statistics;"
    "stochastic simulation;importance sampling;approximate Bayesian computation",
    "stat.ME": "statistical methodology;causal inference;missing data;multiple testing;"
    "Bayesian hierarchical models;variable selection;longitudinal data;propensity scores",
    "stat.ML": "statistical learning;kernel methods;Gaussian processes;variational inference;"
    "generalization error;high-dimensional regression;uncertainty quantification;"
    "conformal prediction;causal discovery",
}

# Per archive: method phrases shared across its categories, and the department that hosts it.
_ARCHIVE_METHODS: dict[str, tuple[str, str]] = {
    "cs": (
        "Computer Science",
        "deep neural networks;graph neural networks;reinforcement learning;transformer "
        "architectures;integer linear programming;dynamic programming;randomized algorithms;"
        "static analysis;model checking;stochastic gradient descent;contrastive learning;"
        "knowledge distillation;attention mechanisms;probabilistic graphical models;"
        "approximation algorithms;spectral methods",
    ),
    "stat": (
        "Statistics",
        "Bayesian inference;Markov chain Monte Carlo;maximum likelihood estimation;the "
        "bootstrap;variational inference;nonparametric regression;kernel methods;empirical "
        "process theory;penalized regression;Gaussian processes;mixed-effects models;"
        "cross-validation",
    ),
    "math": (
        "Mathematics",
        "variational methods;spectral theory;homological algebra;probabilistic methods;"
        "Fourier analysis;Sobolev spaces;combinatorial arguments;representation theory;"
        "ergodic theory;compactness arguments;harmonic analysis;a priori estimates",
    ),
    "physics": (
        "Physics",
        "density functional theory;Monte Carlo simulations;perturbation theory;"
        "renormalization group methods;effective field theory;numerical simulations;"
        "exact diagonalization;molecular dynamics simulations;mean-field theory;tensor "
        "network methods;semiclassical approximations;linear response theory;Green's "
        "function techniques",
    ),
    "astro-ph": (
        "Physics and Astronomy",
        "N-body simulations;radiative transfer modelling;spectral energy distribution "
        "fitting;Bayesian model comparison;photometric observations;hydrodynamical "
        "simulations;spectroscopic surveys;interferometric observations",
    ),
    "eess": (
        "Electrical Engineering",
        "convolutional neural networks;Kalman filtering;compressed sensing;model predictive "
        "control;sparse recovery;deep learning;convex optimization;adaptive filtering;"
        "wavelet transforms",
    ),
    "econ": (
        "Economics",
        "instrumental variables;difference-in-differences designs;structural estimation;"
        "panel data methods;general equilibrium models;randomized controlled trials;"
        "game-theoretic analysis;machine learning methods",
    ),
    "q-fin": (
        "Finance",
        "stochastic volatility models;Monte Carlo methods;stochastic control;GARCH models;"
        "deep hedging;Lévy processes;copula models;partial differential equations",
    ),
    "q-bio": (
        "Biology",
        "mathematical modelling;stochastic simulations;sequence analysis;machine learning;"
        "molecular dynamics simulations;Bayesian phylogenetics;single-cell sequencing;"
        "network analysis;dynamical systems theory",
    ),
}
_PHYSICS_ARCHIVES = frozenset(
    (
        "cond-mat",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math-ph",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "physics",
        "quant-ph",
    )
)

# archive -> (OpenAlex field id, field name); field -> domain. Field and domain ids are OpenAlex's
# real ones; subfield ids are field*100 + 50 + k, a range real OpenAlex subfields do not use.
_FIELD_OF: dict[str, tuple[int, str]] = {
    "cs": (17, "Computer Science"),
    "math": (26, "Mathematics"),
    "stat": (26, "Mathematics"),
    "math-ph": (26, "Mathematics"),
    "eess": (22, "Engineering"),
    "econ": (20, "Economics, Econometrics and Finance"),
    "q-fin": (20, "Economics, Econometrics and Finance"),
    "q-bio": (13, "Biochemistry, Genetics and Molecular Biology"),
}
_PHYSICS_FIELD = (31, "Physics and Astronomy")
_DOMAIN_OF_FIELD: dict[int, tuple[int, str]] = {
    13: (1, "Life Sciences"),
    20: (2, "Social Sciences"),
}
_PHYSICAL_SCIENCES = (3, "Physical Sciences")

# Relative share of works per archive (cs/math/physics/stat heavy, every archive present), and
# boosts for the busiest categories.
_ARCHIVE_WEIGHT: dict[str, float] = {
    "cs": 30,
    "math": 14,
    "stat": 7,
    "physics": 6,
    "cond-mat": 8,
    "astro-ph": 6,
    "quant-ph": 5,
    "hep-th": 2.5,
    "hep-ph": 2.5,
    "hep-ex": 1,
    "hep-lat": 0.6,
    "gr-qc": 2,
    "math-ph": 1,
    "nucl-th": 0.8,
    "nucl-ex": 0.5,
    "nlin": 1.2,
    "eess": 4,
    "econ": 1.5,
    "q-bio": 2.5,
    "q-fin": 1.5,
}
_CATEGORY_BOOST: dict[str, float] = {
    "cs.LG": 6,
    "cs.CV": 5,
    "cs.CL": 4,
    "cs.AI": 3,
    "cs.RO": 2,
    "cs.CR": 2,
    "cs.DS": 1.5,
    "stat.ML": 4,
    "stat.ME": 2,
    "math.PR": 2.5,
    "math.AP": 2.5,
    "math.CO": 2.5,
    "math.NA": 2,
    "math.OC": 2,
    "math.NT": 1.5,
    "math.AG": 1.5,
    "cond-mat.mes-hall": 2,
    "cond-mat.str-el": 2,
    "cond-mat.mtrl-sci": 2,
    "astro-ph.GA": 2,
    "astro-ph.CO": 1.5,
    "astro-ph.SR": 1.5,
    "astro-ph.HE": 1.5,
    "physics.optics": 2,
    "physics.flu-dyn": 1.5,
    "eess.SP": 2,
    "eess.IV": 1.5,
    "q-bio.NC": 2,
    "q-bio.PE": 1.5,
}
# Probability that a work of the archive is on arXiv, and the year the archive opened there.
_ARXIV_SHARE: dict[str, float] = {
    "cs": 0.3,
    "math": 0.35,
    "stat": 0.3,
    "eess": 0.25,
    "econ": 0.2,
    "q-bio": 0.15,
    "q-fin": 0.2,
}
_PHYSICS_ARXIV_SHARE = 0.38
_ARXIV_OPENED: dict[str, int] = {
    "cs": 1998,
    "nlin": 1998,
    "q-bio": 2003,
    "stat": 2007,
    "q-fin": 2008,
    "eess": 2017,
    "econ": 2017,
}
_ARXIV_SOURCE: dict[str, Any] = {
    "id": "https://openalex.org/S4306400194",
    "display_name": "arXiv (Cornell University)",
    "issn_l": None,
    "issn": None,
    "is_oa": True,
    "is_in_doaj": False,
    "is_indexed_in_scopus": False,
    "is_core": False,
    "host_organization": "https://openalex.org/I205783295",
    "host_organization_name": "Cornell University",
    "host_organization_lineage": ["https://openalex.org/I205783295"],
    "host_organization_lineage_names": ["Cornell University"],
    "type": "repository",
}

# Publishers: name -> (DOI prefix, web domain, archives they publish in; "*" = any).
_PUBLISHERS: dict[str, tuple[str, str, str]] = {
    "Elsevier BV": ("10.1016", "www.sciencedirect.com", "*"),
    "Springer Science+Business Media": ("10.1007", "link.springer.com", "*"),
    "Institute of Electrical and Electronics Engineers": ("10.1109", "ieeexplore.ieee.org", "cs eess physics q-bio"),
    "Association for Computing Machinery": ("10.1145", "dl.acm.org", "cs"),
    "American Physical Society": ("10.1103", "journals.aps.org", "*physics astro-ph"),
    "IOP Publishing": ("10.1088", "iopscience.iop.org", "*physics astro-ph"),
    "Wiley": ("10.1002", "onlinelibrary.wiley.com", "*"),
    "Taylor & Francis": ("10.1080", "www.tandfonline.com", "math stat econ q-fin q-bio"),
    "Oxford University Press": ("10.1093", "academic.oup.com", "astro-ph math stat econ q-bio"),
    "American Mathematical Society": ("10.1090", "www.ams.org", "math"),
    "Society for Industrial and Applied Mathematics": ("10.1137", "epubs.siam.org", "math cs stat"),
    "Multidisciplinary Digital Publishing Institute": ("10.3390", "www.mdpi.com", "*"),
    "Cambridge University Press": ("10.1017", "www.cambridge.org", "math *physics econ"),
    "World Scientific": ("10.1142", "www.worldscientific.com", "math cs *physics"),
    "AIP Publishing": ("10.1063", "pubs.aip.org", "*physics"),
    "Nature Portfolio": ("10.1038", "www.nature.com", "*physics astro-ph q-bio cs"),
}
_BOOK_SERIES: tuple[tuple[str, str, str], ...] = (
    ("Lecture Notes in Computer Science", "Springer Science+Business Media", "cs eess"),
    ("Lecture Notes in Mathematics", "Springer Science+Business Media", "math stat math-ph"),
    ("Lecture Notes in Physics", "Springer Science+Business Media", "*physics"),
    ("Springer Proceedings in Physics", "Springer Science+Business Media", "*physics"),
    ("Studies in Computational Intelligence", "Springer Science+Business Media", "cs eess"),
    ("Contributions to Economics", "Springer Science+Business Media", "econ q-fin"),
    ("Methods in Molecular Biology", "Springer Science+Business Media", "q-bio"),
    ("Contemporary Mathematics", "American Mathematical Society", "math"),
)

# --- text templates -----------------------------------------------------------------------------
# Slots: {t} topical phrase, {m} archive method, {a} adjective, {n} kind of contribution,
# {p} limitation, {r} kind of result, {d} evidence, {b} baseline, {k} number, {q} quality,
# {X} acronym; capitals ({T}, {A}, {R}) are the capitalised {t}, {a}, {r}.

_ADJ = (
    "novel",
    "efficient",
    "scalable",
    "robust",
    "unified",
    "principled",
    "simple",
    "general",
    "adaptive",
    "hierarchical",
    "data-driven",
    "lightweight",
    "provably convergent",
)
_NOUN = (
    "framework",
    "approach",
    "method",
    "algorithm",
    "model",
    "scheme",
    "formalism",
    "technique",
    "estimator",
    "construction",
)
_PROBLEM = (
    "high computational cost",
    "poor generalization",
    "limited scalability",
    "strong modelling assumptions",
    "numerical instability",
    "sensitivity to noise",
    "a lack of theoretical guarantees",
    "prohibitive memory requirements",
)
_RESULT = (
    "tight bounds",
    "a sharp characterization",
    "an explicit formula",
    "convergence guarantees",
    "a complete classification",
    "optimal rates",
    "a necessary and sufficient condition",
    "an exact solution",
)
_DATA = (
    "benchmark datasets",
    "synthetic and real-world data",
    "observational data",
    "large-scale simulations",
    "experimental measurements",
    "several case studies",
    "publicly available data",
)
_BASELINE = (
    "existing methods",
    "state-of-the-art baselines",
    "previous approaches",
    "conventional techniques",
    "strong baselines",
)

_INTRO = (
    "{t} has attracted considerable attention in recent years.",
    "{t} plays a central role in the study of {t}.",
    "Understanding {t} remains a fundamental challenge in {t}.",
    "Recent advances in {m} have renewed interest in {t}.",
    "We study {t} in the presence of {t}.",
    "The interplay between {t} and {t} is a long-standing open problem.",
)
_GAP = (
    "However, existing approaches to {t} often suffer from {p}.",
    "Despite significant progress, current methods for {t} exhibit {p} when applied to {t}.",
    "Most prior work on {t} relies on {m}, which leads to {p}.",
    "A key difficulty is that {t} and {t} are rarely treated together.",
)
_PROPOSE = (
    "In this paper, we propose a {a} {n} for {t} that leverages {m}.",
    "We introduce a {a} {n} for {t} based on {t}.",
    "Here we develop a {a} {n} that combines {t} with {m}.",
    "In this work, we present a {a} {n} for {t} and analyze it using {m}.",
    "We establish {r} for {t} under mild assumptions on {t}.",
)
_BODY = (
    "Our {n} combines {t} with {t} and {m}.",
    "We establish {r} for {t} and show how it extends to {t}.",
    "The analysis relies on {m} and a careful treatment of {t}.",
    "We further analyze the relationship between {t} and {t}, and show that {t} plays a central role.",
    "Experiments on {d} demonstrate that the proposed {n} outperforms {b} on {t}.",
    "Numerical results on {d} confirm the theoretical predictions for {t}.",
    "Compared with {b}, our {n} reduces the cost of {t} by a factor of {k}.",
    "As a consequence, we obtain {r} for {t}.",
    "We also discuss extensions to {t} and the connection with {m}.",
    "In particular, {t} emerges naturally from {t}.",
    "The {n} is validated on {d} involving {t}.",
)
_CONCLUDE = (
    "These results shed new light on {t} and open new directions for {t}.",
    "Our findings suggest that {t} is a promising direction for {t}.",
    "We conclude with a discussion of open problems in {t}.",
    "Overall, this work provides a {a} foundation for future research on {t}.",
)
_TITLES = (
    "{A} {t} for {t}",
    "On the {q} of {t} in {t}",
    "{T} via {m}: application to {t}",
    "Towards {a} {t} with {m}",
    "{X}: {A} {n} for {t} and {t}",
    "A {a} {n} for {t} based on {t}",
    "{T} and {t}: {a} perspective",
    "{T} in {t} with {m}",
    "Learning {t} from {t}",
    "{A} {n}s for {t} and {t}",
    "Revisiting {t} through {m}",
    "{T} meets {t}: {a} {n}",
    "{R} for {t} under {t}",
    "When does {t} help {t}?",
    "Beyond {t}: {a} {t} via {m}",
    "Scaling {t} to {t}",
    "{T} with {a} guarantees for {t}",
    "The {q} of {t}: {a} {n} via {m}",
)
_QUALITY = (
    "stability",
    "complexity",
    "structure",
    "geometry",
    "robustness",
    "limits",
    "dynamics",
    "universality",
    "expressivity",
    "rigidity",
)
_SLOT = re.compile(r"\{(\w)\}")


# --- identifiers -------------------------------------------------------------------------------


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def ror_checksum(prefix7: str) -> str:
    """Two-digit ISO 7064 MOD 97-10 checksum of a ROR id's first 7 (Crockford base32) chars."""
    n = 0
    for ch in prefix7:
        n = n * 32 + _CROCKFORD.index(ch)
    return f"{98 - (n * 100) % 97:02d}"


def _issn_check(digits7: str) -> str:
    total = sum((8 - i) * int(ch) for i, ch in enumerate(digits7))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _stable_int(text: str) -> int:
    """A 64-bit integer from text that is the same on every run and platform."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _serves(spec: str, archive: str) -> bool:
    """Whether an archive list like "cs math *physics" (or "*") covers `archive`."""
    for token in spec.split():
        if token == "*" or token == archive:
            return True
        if token == "*physics" and archive in _PHYSICS_ARCHIVES:
            return True
    return False


def _unique_number(key: str, lo: int, span: int, taken: set[int]) -> int:
    """A number in [lo, lo+span) derived from `key`, probing past ones already `taken`."""
    n = lo + _stable_int(key) % span
    while n in taken:
        n = lo + (n - lo + 1) % span
    taken.add(n)
    return n


def _split_phrases(spec: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in spec.split(";") if p.strip())


# --- catalogues (fixed; independent of n_works and seed) -------------------------------------


@dataclass(frozen=True, slots=True)
class _Topic:
    index: int
    code: str
    archive: str
    id: str
    name: str
    subfield: dict[str, str]
    field: dict[str, str]
    domain: dict[str, str]
    terms: tuple[str, ...]
    methods: tuple[str, ...]
    department: str
    weight: float
    arxiv_share: float
    arxiv_opened: int


def _field_of(archive: str) -> tuple[int, str]:
    return _FIELD_OF.get(archive, _PHYSICS_FIELD)


def _methods_of(archive: str) -> tuple[str, str]:
    if archive in _ARCHIVE_METHODS:
        return _ARCHIVE_METHODS[archive]
    return _ARCHIVE_METHODS["physics"]


def _name_phrases(name: str) -> list[str]:
    """'Computer Vision and Pattern Recognition' -> ['computer vision', 'pattern recognition']."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+-\s+", name)
    return [p.strip().lower() for p in parts if len(p.strip()) > 3 and not p.startswith("Other")]


def _topic_terms(code: str, name: str, methods: tuple[str, ...]) -> tuple[str, ...]:
    if code in _TERMS:
        return _split_phrases(_TERMS[code])
    picker = random.Random(f"terms:{code}")
    extra = picker.sample(list(methods), k=min(6, len(methods)))
    return tuple(dict.fromkeys(_name_phrases(name) + extra))


def _subfield_ids(archives: Sequence[str]) -> dict[str, int]:
    by_field: dict[int, list[str]] = {}
    for archive in sorted(set(archives)):
        by_field.setdefault(_field_of(archive)[0], []).append(archive)
    return {a: f * 100 + 50 + k for f, members in by_field.items() for k, a in enumerate(members)}


def _topic_weight(code: str, archive: str, n_in_archive: int) -> float:
    return _ARCHIVE_WEIGHT.get(archive, 1.0) / n_in_archive * _CATEGORY_BOOST.get(code, 1.0)


@lru_cache(maxsize=1)
def _topics() -> tuple[_Topic, ...]:
    """One topic per canonical arXiv category, in code order."""
    codes = sorted(c for c in CATEGORIES if c not in ALIASES)
    archives = {c: archive_of(c) for c in codes}
    per_archive = {a: sum(1 for c in codes if archives[c] == a) for a in archives.values()}
    subfields = _subfield_ids(list(archives.values()))
    taken: set[int] = set()
    topics = []
    for index, code in enumerate(codes):
        archive = archives[code]
        field_id, field_name = _field_of(archive)
        domain_id, domain_name = _DOMAIN_OF_FIELD.get(field_id, _PHYSICAL_SCIENCES)
        department, methods_spec = _methods_of(archive)
        methods = _split_phrases(methods_spec)
        share = _ARXIV_SHARE.get(archive, _PHYSICS_ARXIV_SHARE)
        topics.append(
            _Topic(
                index=index,
                code=code,
                archive=archive,
                id=f"{OPENALEX}T{_unique_number('topic:' + code, 15000, 5000, taken)}",
                name=CATEGORIES[code],
                subfield={
                    "id": f"{OPENALEX}subfields/{subfields[archive]}",
                    "display_name": ARCHIVES.get(archive, archive),
                },
                field={"id": f"{OPENALEX}fields/{field_id}", "display_name": field_name},
                domain={"id": f"{OPENALEX}domains/{domain_id}", "display_name": domain_name},
                terms=_topic_terms(code, CATEGORIES[code], methods),
                methods=methods,
                department=department,
                weight=_topic_weight(code, archive, per_archive[archive]),
                arxiv_share=share,
                arxiv_opened=_ARXIV_OPENED.get(archive, 1991),
            )
        )
    return tuple(topics)


@dataclass(frozen=True, slots=True)
class _Institution:
    ref: dict[str, Any]  # the OpenAlex dehydrated institution, as authorships carry it
    city: str
    country: str
    weight: float


def _institution_names() -> list[tuple[str, str, str, str]]:
    """(name, type, city, country code) candidates, in a fixed order."""
    rng = random.Random("scholargraph.synthetic:institutions")
    out: list[tuple[str, str, str, str]] = []
    for cc, (_, adjective, cities) in _COUNTRIES.items():
        out.append((f"{adjective} Academy of Sciences", "government", cities.split(";")[0], cc))
        for city in cities.split(";"):
            out.append((f"University of {city}", "education", city, cc))
            for pattern, kind, p in (
                ("{c} Institute of Technology", "education", 0.3),
                ("Technical University of {c}", "education", 0.15),
                ("{c} State University", "education", 0.35 if cc == "US" else 0.0),
                ("{c} Normal University", "education", 0.3 if cc == "CN" else 0.0),
                ("{c} National Laboratory", "facility", 0.12),
                ("{c} Centre for Theoretical Physics", "facility", 0.06),
                ("{c} University Hospital", "healthcare", 0.08),
                ("{c} Foundation for Science", "nonprofit", 0.04),
            ):
                if rng.random() < p:
                    out.append((pattern.format(c=city), kind, city, cc))
    all_cities = [(c, cc) for cc, v in _COUNTRIES.items() for c in v[2].split(";")]
    for word in _COMPANY_WORDS:
        city, cc = rng.choice(all_cities)
        out.append((f"{word} {rng.choice(_COMPANY_SUFFIX)}", "company", city, cc))
    return list({name: (name, kind, city, cc) for name, kind, city, cc in out}.values())


def _ror(key: str, taken: set[int]) -> str:
    n = _unique_number(key, 0, 32**6, taken)
    body = "".join(_CROCKFORD[(n >> (5 * k)) & 31] for k in range(5, -1, -1))
    return "0" + body + ror_checksum("0" + body)


@lru_cache(maxsize=1)
def _institutions() -> tuple[_Institution, ...]:
    rng = random.Random("scholargraph.synthetic:institution-sizes")
    ids: set[int] = set()
    rors: set[int] = set()
    out = []
    for name, kind, city, cc in _institution_names():
        oid = f"{OPENALEX}I{_unique_number('inst:' + name, 10**8, 9 * 10**9, ids)}"
        ref = {
            "id": oid,
            "display_name": name,
            "ror": f"https://ror.org/{_ror('ror:' + name, rors)}",
            "country_code": cc,
            "type": kind,
            "lineage": [oid],
        }
        size = rng.paretovariate(1.3) * (1.0 if kind == "education" else 0.4)
        out.append(_Institution(ref, city, _COUNTRIES[cc][0], size))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Source:
    ref: dict[str, Any]  # the OpenAlex dehydrated source, as locations carry it
    kind: str  # journal | conference | book series
    doi_prefix: str
    domain: str
    abbrev: str
    first_year: int


def _source_names(topics: Sequence[_Topic]) -> list[tuple[str, str, str]]:
    """(name, kind, archive) candidates: two per category, four per archive, book series."""
    out: list[tuple[str, str, str]] = []
    for t in topics:
        name = t.name
        if name.startswith(("Other", "General")):
            continue
        if t.archive == "stat" and "Statistic" not in name:
            name = f"Statistical {name}"
        pick = _stable_int("src:" + t.code)
        journal = ("Journal of {}", "{} Letters", "Annals of {}", "International Journal of {}", "Advances in {}")[
            pick % 5
        ]
        out.append((journal.format(name), "journal", t.archive))
        if t.archive in ("cs", "eess") or t.code == "stat.ML":
            second = (
                "Proceedings of the International Conference on {}",
                "Annual Symposium on {}",
                "European Conference on {}",
            )[pick // 5 % 3]
            out.append((second.format(name), "conference", t.archive))
        else:
            second = ("Transactions on {}", "{} Review", "Communications in {}")[pick // 5 % 3]
            out.append((second.format(name), "journal", t.archive))
    for archive, aname in ARCHIVES.items():
        aname = aname.replace(" - ", " ")
        for pattern in ("{} Letters", "Annals of {}", "Communications in {}", "Reports on {}"):
            out.append((pattern.format(aname), "journal", archive))
    return list({n: (n, k, a) for n, k, a in out}.values())


def _abbrev(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "on", "the", "in", "and", "for")]
    return "".join(w[0] for w in words).lower()


def _source_ref(name: str, kind: str, publisher: str, taken: set[int]) -> dict[str, Any]:
    key = _stable_int("issn:" + name)
    issn = None
    if kind == "journal":
        digits = f"{key % 10**7:07d}"
        issn = f"{digits[:4]}-{digits[4:]}{_issn_check(digits)}"
    is_oa = publisher.startswith("Multidisciplinary") or key % 10 < 2
    host = f"{OPENALEX}P{4310310000 + _stable_int('pub:' + publisher) % 100000}"
    return {
        "id": f"{OPENALEX}S{_unique_number('source:' + name, 10**9, 8 * 10**9, taken)}",
        "display_name": name,
        "issn_l": issn,
        "issn": [issn] if issn else None,
        "is_oa": is_oa,
        "is_in_doaj": is_oa and kind == "journal",
        "is_indexed_in_scopus": kind != "conference" or key % 3 == 0,
        "is_core": kind == "journal" and key % 4 != 0,
        "host_organization": host,
        "host_organization_name": publisher,
        "host_organization_lineage": [host],
        "host_organization_lineage_names": [publisher],
        "type": kind,
    }


def _make_source(name: str, kind: str, publisher: str, taken: set[int]) -> _Source:
    prefix, domain, _ = _PUBLISHERS[publisher]
    first_year = 1950 + _stable_int("year:" + name) % 50
    if kind == "conference":
        prefix, domain = ("10.1145", "dl.acm.org") if "Symposium" in name else (prefix, domain)
    return _Source(_source_ref(name, kind, publisher, taken), kind, prefix, domain, _abbrev(name), first_year)


@dataclass(frozen=True, slots=True)
class _Venues:
    sources: tuple[_Source, ...]
    by_archive: dict[str, tuple[int, ...]]  # archive -> indices of its journals/conferences
    by_topic: dict[str, tuple[int, ...]]  # category code -> indices of its own venues
    series_by_archive: dict[str, tuple[int, ...]]  # archive -> indices of book series


def _publisher_for(name: str, archive: str, kind: str) -> str:
    if kind == "conference":
        pool = [
            "Institute of Electrical and Electronics Engineers",
            "Association for Computing Machinery",
            "Springer Science+Business Media",
        ]
    else:
        pool = [p for p, (_, _, spec) in _PUBLISHERS.items() if _serves(spec, archive)]
    return pool[_stable_int("publisher:" + name) % len(pool)]


@lru_cache(maxsize=1)
def _venues() -> _Venues:
    topics = _topics()
    taken: set[int] = set()
    sources: list[_Source] = []
    by_archive: dict[str, list[int]] = {}
    by_topic: dict[str, list[int]] = {}
    series: dict[str, list[int]] = {}
    for name, kind, archive in _source_names(topics):
        publisher = _publisher_for(name, archive, kind)
        by_archive.setdefault(archive, []).append(len(sources))
        for t in topics:
            if t.archive == archive and t.name in name and len(t.name) > 4:
                by_topic.setdefault(t.code, []).append(len(sources))
        sources.append(_make_source(name, kind, publisher, taken))
    for name, publisher, spec in _BOOK_SERIES:
        for archive in ARCHIVES:
            if _serves(spec, archive):
                series.setdefault(archive, []).append(len(sources))
        sources.append(_make_source(name, "book series", publisher, taken))
    return _Venues(
        tuple(sources),
        {k: tuple(v) for k, v in by_archive.items()},
        {k: tuple(v) for k, v in by_topic.items()},
        {k: tuple(v) for k, v in series.items()},
    )


# --- authors and research groups (sized by n_works, built from the seed) ---------------------


def _surname_tail(culture: int, common: list[str]) -> list[str]:
    """The generated long tail of a culture's family names, in a fixed shuffled order."""
    if culture not in _SURNAME_PARTS:
        return []
    prefixes, suffixes = (part.split() for part in _SURNAME_PARTS[culture])
    names = [p + s for p in prefixes for s in suffixes]
    tail = list(dict.fromkeys(n for n in names if n not in common))
    random.Random(f"surnames:{culture}").shuffle(tail)
    return tail


@lru_cache(maxsize=1)
def _name_tables() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, np.ndarray]:
    """Given names, family names, and per culture the (offset, length) of each in those lists."""
    given: list[str] = []
    family: list[str] = []
    g_span, f_span = [], []
    for c, (g_spec, f_spec, _) in enumerate(_CULTURES):
        g, f = g_spec.split(), [x.replace("_", " ") for x in f_spec.split()]
        f += _surname_tail(c, f)
        g_span.append((len(given), len(g)))
        f_span.append((len(family), len(f)))
        given += g
        family += f
    return tuple(given), tuple(family), np.array(g_span), np.array(f_span)


_NO_MIDDLE_INITIAL = frozenset((1, 8, 9, 16))  # Chinese, Japanese, Korean, Vietnamese
_DOUBLE_SURNAME = frozenset((3, 4))  # Hispanic, Lusophone: "García López", "Silva Santos"


@lru_cache(maxsize=1)
def _family_cultures() -> tuple[int, ...]:
    """The culture of each family name in the family-name table."""
    _, _, _, f_span = _name_tables()
    return tuple(c for c, (_, n) in enumerate(f_span.tolist()) for _ in range(n))


def _culture_of_country() -> dict[str, int]:
    out: dict[str, int] = {}
    for k, (_, _, countries) in enumerate(_CULTURES):
        for cc in countries.split():
            out.setdefault(cc, k)
    return out


def _to_array(kind: str, values: np.ndarray) -> array:
    """Compact stdlib array (fast scalar access from Python, unlike numpy indexing)."""
    out = array(kind)
    out.frombytes(values.astype({"d": np.float64, "l": np.int64, "h": np.int16}[kind]).tobytes())
    return out


@dataclass(slots=True)
class _Pool:
    """Authors in research groups. Group g holds authors [start[g], start[g+1]); its leader
    (principal investigator) is the first. Productivity weights drive who writes how much."""

    start: array  # 'l', n_groups + 1
    cum: array  # 'd', cumulative author productivity (global running sum)
    group_topics: array  # 'h', 3 per group, -1 = none
    given: array  # 'h', index into the given-name table
    family: array  # 'h'
    inst: array  # 'h', home institution of each author
    topic_groups: list[array]  # per topic: groups whose main topic it is

    @property
    def n_authors(self) -> int:
        return len(self.given)

    def group_of(self, author: int) -> int:
        return bisect.bisect_right(self.start, author) - 1


def _group_sizes(rng: np.random.Generator, n_authors: int) -> np.ndarray:
    """Power-law research-group sizes (2 up to 150, or 2.5% of all authors if smaller)
    summing to n_authors."""
    biggest = max(8, min(150, n_authors // 40))
    draws = np.minimum(biggest, np.floor(2.0 * (1.0 + rng.pareto(1.5, n_authors // 2 + 2))))
    sizes = draws.astype(np.int64)
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n_authors))
    sizes = sizes[: k + 1].copy()
    sizes[-1] -= int(ends[k]) - n_authors
    return sizes[sizes > 0]


def _group_topics(pyr: random.Random, main: np.ndarray, topics: Sequence[_Topic]) -> np.ndarray:
    """Each group: its main topic plus 0-2 related ones (mostly from the same archive)."""
    by_archive: dict[str, list[int]] = {}
    for t in topics:
        by_archive.setdefault(t.archive, []).append(t.index)
    weights = [t.weight for t in topics]
    out = np.full((len(main), 3), -1, dtype=np.int64)
    for g, first in enumerate(main.tolist()):
        chosen = [first]
        extra = 2 if pyr.random() < 0.3 else (1 if pyr.random() < 0.6 else 0)
        for _ in range(extra * 3):
            if len(chosen) > extra:
                break
            if pyr.random() < 0.75:
                cand = pyr.choice(by_archive[topics[first].archive])
            else:
                cand = pyr.choices(range(len(topics)), weights)[0]
            if cand not in chosen:
                chosen.append(cand)
        out[g, : len(chosen)] = chosen
    return out


def _author_names(rng: np.random.Generator, home_country: list[str]) -> tuple[np.ndarray, ...]:
    """Given/family name indices: the culture of the institution's country for about half of
    the authors, the worldwide mix otherwise; names Zipf-like within a culture."""
    _, _, g_span, f_span = _name_tables()
    local = _culture_of_country()
    n = len(home_country)
    mix = np.array(_CULTURE_WEIGHTS, dtype=np.float64)
    mix /= mix.sum()
    world = rng.choice(len(_CULTURES), size=n, p=mix)
    own = np.array([local.get(cc, -1) for cc in home_country], dtype=np.int64)
    culture = np.where((own >= 0) & (rng.random(n) < 0.55), own, world)
    given_culture = np.where(rng.random(n) < 0.05, rng.choice(len(_CULTURES), n, p=mix), culture)
    g = g_span[given_culture, 0] + np.floor(g_span[given_culture, 1] * rng.random(n) ** 1.25)
    f = f_span[culture, 0] + np.floor(f_span[culture, 1] * rng.random(n) ** 1.25)
    return g.astype(np.int64), f.astype(np.int64)


def _add_homonyms(
    pyr: random.Random, given: np.ndarray, family: np.ndarray, weights: np.ndarray, group: np.ndarray
) -> None:
    """Give pairs of prolific authors in different groups the same name (the product must
    tell them apart by their collaborators and topics, not by name)."""
    n = len(given)
    top = np.argsort(-weights, kind="stable")[: max(10, n // 10)].tolist()
    for _ in range(max(3, n // 150)):
        a, b = pyr.sample(top, 2)
        if group[a] != group[b]:
            given[b], family[b] = given[a], family[a]


_PRODUCTIVITY_ALPHA = 1.0
_MAX_PRODUCTIVITY_SHARE = 0.002  # nobody leads more than ~0.2% of works (x4 for leaders)


def _build_pool(n_works: int, seed: int, topics: Sequence[_Topic], insts: Sequence[_Institution]) -> _Pool:
    rng = np.random.default_rng([seed, 0x5C401A])
    pyr = random.Random(f"scholargraph.synthetic:{seed}:pool")
    n_authors = max(40, round(0.6 * n_works))
    sizes = _group_sizes(rng, n_authors)
    n_groups = len(sizes)
    start = np.concatenate([[0], np.cumsum(sizes)])
    topic_p = np.array([t.weight for t in topics])
    main = rng.choice(len(topics), size=n_groups, p=topic_p / topic_p.sum())
    inst_p = np.array([i.weight for i in insts])
    group_inst = rng.choice(len(insts), size=n_groups, p=inst_p / inst_p.sum())
    group = np.repeat(np.arange(n_groups), sizes)
    inst = np.where(
        rng.random(n_authors) < 0.15, rng.choice(len(insts), size=n_authors, p=inst_p / inst_p.sum()), group_inst[group]
    )
    given, family = _author_names(rng, [insts[i].ref["country_code"] for i in inst.tolist()])
    weights = 1.0 + rng.pareto(_PRODUCTIVITY_ALPHA, n_authors)
    weights = np.minimum(weights, max(20.0, _MAX_PRODUCTIVITY_SHARE * float(weights.sum())))
    leaders = start[:-1][sizes >= 3]
    weights[leaders] *= 4.0
    _add_homonyms(pyr, given, family, weights, group)
    order = np.argsort(main, kind="stable")
    bounds = np.searchsorted(main[order], np.arange(len(topics) + 1))
    return _Pool(
        start=_to_array("l", start),
        cum=_to_array("d", np.cumsum(weights)),
        group_topics=_to_array("h", _group_topics(pyr, main, topics).ravel()),
        given=_to_array("h", given),
        family=_to_array("h", family),
        inst=_to_array("h", inst),
        topic_groups=[_to_array("l", order[bounds[t] : bounds[t + 1]]) for t in range(len(topics))],
    )


# --- per-entity derived values (pure functions of an index: nothing stored) -------------------


def _mix(x: int) -> int:
    """A cheap 32-bit integer hash (so per-author traits need no storage)."""
    x = ((x ^ 0x5BD1E995) * 0x9E3779B1) & 0xFFFFFFFF
    x ^= x >> 15
    return (x * 0x85EBCA77) & 0xFFFFFFFF


def _work_number(i: int) -> int:
    """W-number of the i-th work: increasing with i, so earlier works have smaller ids."""
    return 4_100_000_000 + 3 * i + _mix(i) % 3


def _author_id(a: int) -> str:
    return f"{OPENALEX}A5{(a * 387_420_489 + 104_729) % 10**9:09d}"


def _orcid(a: int) -> str | None:
    """ORCID for ~40% of authors: unique, in the issued ranges, with a valid check digit."""
    if _mix(a + 7) % 100 >= 40:
        return None
    base = f"{15_000_000 + (a * 7_654_321 + 1_234_567) % 20_000_000:015d}"
    return f"https://orcid.org/{base[:4]}-{base[4:8]}-{base[8:12]}-{base[12:]}" + (orcid_check_digit(base))


_INITIALS = "ABCDEFGHJKLMNPRSTW"


def _display_name(pool: _Pool, a: int) -> str:
    """'Given [M.] Family [Family2]': a middle initial for ~30% outside East Asian cultures,
    a second surname for ~40% of Hispanic and Lusophone authors."""
    given, family, _, f_span = _name_tables()
    f = pool.family[a]
    culture = _family_cultures()[f]
    h = _mix(a + 3)
    name = given[pool.given[a]]
    if h % 100 < 30 and culture not in _NO_MIDDLE_INITIAL:
        name += f" {_INITIALS[h // 100 % len(_INITIALS)]}."
    name += " " + family[f]
    if culture in _DOUBLE_SURNAME and h // 2000 % 100 < 40:
        offset, n = f_span[culture]
        second = family[int(offset) + h // 200_000 % int(n)]
        if second != family[f]:
            name += " " + second
    return name


# --- citation sampling ---------------------------------------------------------------------------


class _Citations:
    """Earlier works by topic with cumulative attachment weights, for preferential attachment:
    a work is drawn with probability proportional to its cited_by_count, and only accepted
    while it has fewer citers in the data set than that count, so in-corpus citations never
    exceed cited_by_count."""

    def __init__(self, n_topics: int) -> None:
        self.members = [array("l") for _ in range(n_topics)]
        self.cum = [array("d") for _ in range(n_topics)]
        self.all_cum = array("d")
        self.capacity = array("l")  # cited_by_count of each work
        self.citers = array("l")  # citations received so far in the data set

    def add(self, work: int, topic: int, cited_by: int) -> None:
        self.all_cum.append((self.all_cum[-1] if self.all_cum else 0.0) + cited_by)
        cum = self.cum[topic]
        cum.append((cum[-1] if cum else 0.0) + cited_by)
        self.members[topic].append(work)
        self.capacity.append(cited_by)
        self.citers.append(0)

    def cite(self, work: int) -> bool:
        """Count one more in-corpus citation of `work`, unless that would exceed its
        cited_by_count."""
        if self.citers[work] >= self.capacity[work]:
            return False
        self.citers[work] += 1
        return True

    def preferential(self, rand: Callable[[], float], topic: int) -> int:
        """An earlier work of `topic`, drawn proportionally to cited_by_count (-1: none)."""
        cum = self.cum[topic]
        if not cum:
            return -1
        k = bisect.bisect_right(cum, rand() * cum[-1])
        return self.members[topic][k if k < len(cum) else -1]

    def recent(self, rand: Callable[[], float], topic: int, window: int = 400) -> int:
        """One of the last `window` works of `topic`, uniformly (-1: none)."""
        members = self.members[topic]
        if not members:
            return -1
        return members[len(members) - 1 - int(rand() * min(window, len(members)))]

    def anywhere(self, rand: Callable[[], float]) -> int:
        """Any earlier work, drawn proportionally to cited_by_count (-1: none)."""
        cum = self.all_cum
        if not cum:
            return -1
        k = bisect.bisect_right(cum, rand() * cum[-1])
        return k if k < len(cum) else len(cum) - 1


# --- text -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Template:
    fmt: str  # str.format pattern with one {} per slot
    slots: tuple[str, ...]  # slot letters, in order
    starts_with_slot: bool  # then the filled text needs its first letter capitalised


def _compile(templates: Sequence[str]) -> tuple[Template, ...]:
    """'In {t} we' -> Template('In {} we', ('t',), False)."""
    return tuple(Template(_SLOT.sub("{}", t), tuple(_SLOT.findall(t)), t.startswith("{")) for t in templates)


_INTRO_P, _GAP_P, _PROPOSE_P = _compile(_INTRO), _compile(_GAP), _compile(_PROPOSE)
_BODY_P, _CONCLUDE_P, _TITLE_P = _compile(_BODY), _compile(_CONCLUDE), _compile(_TITLES)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _picker(rand: Callable[[], float], choices: Sequence[str]) -> Callable[[], str]:
    n = len(choices)
    return lambda: choices[int(rand() * n)]


class _Text:
    """Draws the words of one work at a time (`start` resets it): topical phrases come 75% from
    the primary topic, Zipf-like so a topic's main phrases dominate its works."""

    def __init__(self, rng: random.Random) -> None:
        self.rand = rand = rng.random
        self.randint = rng.randint
        self.primary: tuple[str, ...] = ()
        self.secondary: tuple[str, ...] = ()
        self.methods: tuple[str, ...] = ()
        self.used: list[str] = []
        self.slots: dict[str, Callable[[], str]] = {
            "t": self.term,
            "T": lambda: _cap(self.term()),
            "m": lambda: self.methods[int(rand() * len(self.methods))],
            "a": _picker(rand, _ADJ),
            "A": lambda: _cap(_ADJ[int(rand() * len(_ADJ))]),
            "n": _picker(rand, _NOUN),
            "p": _picker(rand, _PROBLEM),
            "r": _picker(rand, _RESULT),
            "R": lambda: _cap(_RESULT[int(rand() * len(_RESULT))]),
            "d": _picker(rand, _DATA),
            "b": _picker(rand, _BASELINE),
            "q": _picker(rand, _QUALITY),
            "k": lambda: str(2 + int(rand() * 11)),
            "X": self.acronym,
        }

    def start(self, primary: tuple[str, ...], secondary: tuple[str, ...], methods: tuple[str, ...]) -> None:
        self.primary, self.secondary, self.methods = primary, secondary, methods
        self.used = []

    def term(self) -> str:
        rand, used = self.rand, self.used
        pool = self.primary if not self.secondary or rand() < 0.75 else self.secondary
        phrase = pool[int(len(pool) * rand() ** 1.5)]
        if used and phrase == used[-1]:  # no "X from X"
            phrase = pool[int(len(pool) * rand())]
        used.append(phrase)
        return phrase

    def acronym(self) -> str:
        letters = "".join(w[0] for w in self.term().split() if w[0].isalpha()).upper()
        if len(letters) >= 2:
            return letters
        return letters + ("Net", "Flow", "X")[int(self.rand() * 3)]

    def fill(self, template: Template) -> str:
        slots = self.slots
        text = template.fmt.format(*[slots[k]() for k in template.slots])
        return text[:1].upper() + text[1:] if template.starts_with_slot else text

    def pick(self, templates: tuple[Template, ...]) -> str:
        return self.fill(templates[int(self.rand() * len(templates))])

    def title(self) -> str:
        return self.pick(_TITLE_P)

    def abstract(self, code_url: str | None) -> str:
        """80-200 words: intro, gap, proposal, body, a conclusion, maybe a code link.
        Every sentence has at most ~36 words and sentences stop once a target in
        [80, 160] is reached, so the total stays within bounds."""
        target = self.randint(80, 160)
        sentences = [self.pick(_INTRO_P), self.pick(_GAP_P), self.pick(_PROPOSE_P)]
        n = sum(s.count(" ") + 1 for s in sentences)
        concluded = False
        while n < target:
            pool = _BODY_P
            if not concluded and n >= target - 15:
                pool, concluded = _CONCLUDE_P, True
            sentence = self.pick(pool)
            sentences.append(sentence)
            n += sentence.count(" ") + 1
        if code_url:
            sentences.append(f"Code is available at {code_url}.")
        return " ".join(sentences)


def _inverted_index(text: str) -> dict[str, list[int]]:
    """OpenAlex's abstract_inverted_index: token -> positions, tokens in first-seen order."""
    index: dict[str, list[int]] = {}
    for pos, token in enumerate(text.split()):
        positions = index.get(token)
        if positions is None:
            index[token] = [pos]
        else:
            positions.append(pos)
    return index


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _slug(plain)


# --- works ----------------------------------------------------------------------------------------

_YEAR_GROWTH = 0.085  # publications grow ~8.5% a year: recent years dominate
_SPAN_DAYS = END_DATE.toordinal() - START_DATE.toordinal()
_OPENALEX_START = date(2016, 6, 24)
_LICENSE = f"{OPENALEX}licenses/"


@dataclass(slots=True)
class _Venue:
    type: str
    type_crossref: str
    source: _Source | None  # None: only on arXiv
    arxiv_id: str | None


class _Factory:
    """Builds the i-th work; must be called for i = 0, 1, 2, ... in order."""

    def __init__(self, n_works: int, seed: int) -> None:
        self.n = max(1, n_works)
        self.rng = random.Random(f"scholargraph.synthetic:{seed}:works")
        self.rand = self.rng.random
        self.text = _Text(self.rng)
        self.author_ref = lru_cache(maxsize=1 << 15)(self._author_ref)
        self.affiliations: dict[tuple[int, str], str] = {}
        self.topics = _topics()
        self.insts = _institutions()
        self.venues = _venues()
        self.pool = _build_pool(n_works, seed, self.topics, self.insts)
        self.cites = _Citations(len(self.topics))
        self.by_archive: dict[str, list[int]] = {}
        for t in self.topics:
            self.by_archive.setdefault(t.archive, []).append(t.index)
        self.arxiv_gap = 3 if n_works <= 1_000_000 else 1
        self.arxiv_month = ""
        self.arxiv_counters: dict[str, int] = {}

    # -- when, who, what --

    def day(self, i: int) -> date:
        """Publication dates increase with i; density grows exponentially towards 2025."""
        u = (i + self.rng.random()) / self.n
        span = _YEAR_GROWTH * _SPAN_DAYS / 365.25
        x = math.log1p(u * math.expm1(span)) / span
        return date.fromordinal(START_DATE.toordinal() + min(_SPAN_DAYS, int(x * _SPAN_DAYS)))

    def weighted_author(self, lo: int, hi: int) -> int:
        cum = self.pool.cum
        base = cum[lo - 1] if lo else 0.0
        r = base + self.rng.random() * (cum[hi - 1] - base)
        return min(bisect.bisect_right(cum, r, lo, hi), hi - 1)

    def outsider(self, topic: int, group: int) -> int:
        """A collaborator from another group, usually one working on the same topic."""
        groups = self.pool.topic_groups[topic]
        g = groups[int(self.rng.random() * len(groups))] if groups else group
        if g == group:
            return self.weighted_author(0, self.pool.n_authors)
        return self.weighted_author(self.pool.start[g], self.pool.start[g + 1])

    def author_count(self) -> int:
        return min(30, max(1, round(self.rng.lognormvariate(1.335, 0.75))))  # median ~4

    def authors(self, group: int, first: int, topic: int) -> list[int]:
        rng, start = self.rng, self.pool.start
        lo, hi = start[group], start[group + 1]
        chosen, seen = [first], {first}
        for _ in range(self.author_count() - 1):
            for attempt in range(4):
                inside = rng.random() >= 0.12 and attempt < 3
                a = self.weighted_author(lo, hi) if inside else self.outsider(topic, group)
                if a not in seen:
                    chosen.append(a)
                    seen.add(a)
                    break
        rng.shuffle(chosen)
        leader = lo
        if leader in seen and len(chosen) >= 3 and rng.random() < 0.75:
            chosen.remove(leader)
            chosen.append(leader)
        return chosen

    def work_topics(self, group: int) -> list[_Topic]:
        rng = self.rng
        own = [t for t in self.pool.group_topics[3 * group : 3 * group + 3] if t >= 0]
        primary = own[0] if len(own) == 1 or rng.random() < 0.65 else rng.choice(own[1:])
        r = rng.random()
        want = 1 if r < 0.15 else (2 if r < 0.35 else 3)
        chosen = [primary] + [t for t in own if t != primary][: want - 1]
        siblings = self.by_archive[self.topics[primary].archive]
        for _ in range(6):
            if len(chosen) >= want:
                break
            t = rng.choice(siblings)
            if t not in chosen:
                chosen.append(t)
        return [self.topics[t] for t in chosen]

    # -- where --

    def arxiv_id(self, day: date, archive: str) -> str | None:
        """Unique arXiv ids: YYMM.NNNN(N) from April 2007, archive/YYMMNNN before; None once
        the month's numbers run out (only at ~10M works). Dates only increase, so a month's
        counters never come back."""
        yymm = f"{day.year % 100:02d}{day.month:02d}"
        new_style = (day.year, day.month) >= (2007, 4)
        if yymm != self.arxiv_month:
            self.arxiv_month, self.arxiv_counters = yymm, {}
        key = "" if new_style else archive
        k = self.arxiv_counters.get(key, 0)
        number = k * self.arxiv_gap + 1 + int(self.rng.random() * self.arxiv_gap)
        digits = (5 if day.year >= 2015 else 4) if new_style else 3
        if number >= 10**digits:
            return None
        self.arxiv_counters[key] = k + 1
        if new_style:
            return f"{yymm}.{number:0{digits}d}"
        return f"{archive}/{yymm}{number:03d}"

    def venue(self, topic: _Topic, day: date) -> _Venue:
        rng, venues = self.rng, self.venues
        on_arxiv = day.year >= topic.arxiv_opened and rng.random() < topic.arxiv_share
        arxiv_id = self.arxiv_id(day, topic.archive) if on_arxiv else None
        if arxiv_id is not None and rng.random() < 0.5:
            return _Venue("preprint", "posted-content", None, arxiv_id)
        r = rng.random()
        series = venues.series_by_archive.get(topic.archive, ())
        if r < 0.06 and series:
            source = venues.sources[rng.choice(series)]
            return _Venue("book-chapter", "book-chapter", source, arxiv_id)
        own = venues.by_topic.get(topic.code, ())
        pick = rng.choice(own) if own and r < 0.6 else rng.choice(venues.by_archive[topic.archive])
        source = venues.sources[pick]
        if source.kind == "conference":
            return _Venue("article", "proceedings-article", source, arxiv_id)
        kind = "review" if rng.random() < 0.07 else "article"
        return _Venue(kind, "journal-article", source, arxiv_id)

    def doi(self, i: int, venue: _Venue, year: int) -> str | None:
        if venue.source is None:
            return f"https://doi.org/10.48550/arxiv.{venue.arxiv_id}"
        p = {"conference": 0.75, "book series": 0.9}.get(venue.source.kind, 0.87)
        if self.rng.random() >= p:
            return None
        serial = _work_number(i) - 4_100_000_000
        return f"https://doi.org/{venue.source.doi_prefix}/{venue.source.abbrev}.{year}.{serial:07d}"

    def locations(self, wid: str, venue: _Venue, doi: str | None) -> list[dict[str, Any]]:
        out = []
        src = venue.source
        if src is not None:
            oa = src.ref["is_oa"] or self.rng.random() < 0.12
            landing = doi or f"https://{src.domain}/article/{wid.rsplit('/', 1)[1]}"
            out.append(
                {
                    "is_oa": oa,
                    "landing_page_url": landing,
                    "pdf_url": f"https://{src.domain}/pdf/{wid.rsplit('/', 1)[1]}" if oa else None,
                    "source": src.ref,
                    "license": "cc-by" if src.ref["is_oa"] else None,
                    "license_id": f"{_LICENSE}cc-by" if src.ref["is_oa"] else None,
                    "version": "publishedVersion",
                    "is_accepted": True,
                    "is_published": True,
                }
            )
        if venue.arxiv_id is not None:
            lic = "cc-by" if self.rng.random() < 0.2 else "other-oa"
            out.append(
                {
                    "is_oa": True,
                    "landing_page_url": f"https://arxiv.org/abs/{venue.arxiv_id}",
                    "pdf_url": f"https://arxiv.org/pdf/{venue.arxiv_id}",
                    "source": _ARXIV_SOURCE,
                    "license": lic,
                    "license_id": _LICENSE + lic,
                    "version": "submittedVersion",
                    "is_accepted": False,
                    "is_published": False,
                }
            )
        return out

    def biblio(self, venue: _Venue, year: int) -> dict[str, str | None]:
        src = venue.source
        if src is None:
            return {"volume": None, "issue": None, "first_page": None, "last_page": None}
        first = self.rng.randint(1, 2400)
        last = str(first + self.rng.randint(4, 30))
        if src.kind != "journal":
            return {"volume": None, "issue": None, "first_page": str(first), "last_page": last}
        return {
            "volume": str(max(1, year - src.first_year + 1)),
            "issue": str(self.rng.randint(1, 12)),
            "first_page": str(first),
            "last_page": last,
        }

    # -- people --

    def affiliation(self, inst: int, department: str) -> str:
        key = (inst, department)
        raw = self.affiliations.get(key)
        if raw is None:
            ref, place = self.insts[inst].ref, self.insts[inst]
            where = f"{ref['display_name']}, {place.city}, {place.country}"
            raw = f"Department of {department}, {where}" if ref["type"] == "education" else where
            self.affiliations[key] = raw
        return raw

    def _author_ref(self, a: int) -> tuple[dict[str, str | None], str]:
        """The dehydrated author and an abbreviated name ("W. Wang") for raw_author_name."""
        given, family, _, _ = _name_tables()
        display = _display_name(self.pool, a)
        short = f"{given[self.pool.given[a]][0]}. {family[self.pool.family[a]]}"
        return {"id": _author_id(a), "display_name": display, "orcid": _orcid(a)}, short

    def authorship(
        self, a: int, position: str, department: str, extra_inst: int, corresponding: bool
    ) -> dict[str, Any]:
        home = self.pool.inst[a]
        inst_ids = [home, extra_inst] if extra_inst != home and self.rand() < 0.08 else [home]
        refs = [self.insts[k].ref for k in inst_ids]
        raws = [self.affiliation(k, department) for k in inst_ids]
        countries = [ref["country_code"] for ref in refs]
        author, short = self.author_ref(a)
        return {
            "author_position": position,
            "author": author,
            "institutions": refs,
            "countries": countries if len(countries) == 1 else list(dict.fromkeys(countries)),
            "is_corresponding": corresponding,
            "raw_author_name": short if self.rand() < 0.2 else author["display_name"],
            "raw_affiliation_strings": raws,
            "affiliations": [
                {"raw_affiliation_string": raw, "institution_ids": [ref["id"]]}
                for raw, ref in zip(raws, refs, strict=True)
            ],
        }

    def authorships(self, authors: list[int], group: int, department: str) -> list[dict]:
        n = len(authors)
        corresponding = n - 1 if n > 1 and self.rng.random() < 0.55 else 0
        leader_inst = self.pool.inst[self.pool.start[group]]
        out = []
        for k, a in enumerate(authors):
            position = "first" if k == 0 else ("last" if k == n - 1 else "middle")
            out.append(self.authorship(a, position, department, leader_inst, k == corresponding))
        return out

    # -- impact --

    def cited_by_count(self, day: date, kind: str) -> int:
        """Heavy-tailed (lognormal fitness) and growing with age."""
        age = (END_DATE - day).days / 365.25
        fitness = self.rng.lognormvariate(-0.4, 1.2) * (2.5 if kind == "review" else 1.0)
        return int(fitness * 2.2 * (age + 0.2) ** 1.05)

    def references(self, i: int, topics: list[_Topic]) -> list[str]:
        """5-40 distinct earlier works: mostly the same topic, preferring highly cited ones,
        some recent ones, some from the work's other topics or anywhere."""
        rand, cites = self.rand, self.cites
        want = min(i, max(5, min(40, round(self.rng.lognormvariate(2.9, 0.5)))))
        primary = topics[0].index
        others = [t.index for t in topics[1:]] or [primary]
        picked: list[int] = []
        seen: set[int] = set()

        def take(j: int) -> None:
            if j >= 0 and j not in seen and cites.cite(j):
                seen.add(j)
                picked.append(j)

        for _ in range(4 * want):
            if len(picked) >= want:
                break
            r = rand()
            if r < 0.55:
                take(cites.preferential(rand, primary))
            elif r < 0.75:
                take(cites.recent(rand, primary))
            elif r < 0.88:
                take(cites.preferential(rand, others[int(rand() * len(others))]))
            else:
                take(cites.anywhere(rand))
        for _ in range(60):  # top up to the minimum from the whole corpus
            if len(picked) >= min(5, want):
                break
            take(cites.anywhere(rand))
        picked.sort()
        return [f"{OPENALEX}W{_work_number(j)}" for j in picked]

    # -- assembly --

    def code_url(self, topic: _Topic, authors: list[int], text: _Text, year: int) -> str | None:
        p = {"cs": 0.12, "eess": 0.08, "stat": 0.08}.get(topic.archive, 0.03)
        if year < 2010 or self.rng.random() >= p:
            return None
        _, family, _, _ = _name_tables()
        owner = _ascii_slug(family[self.pool.family[authors[0]]]) or "lab"
        if self.rng.random() < 0.3:
            owner += "-lab"
        repo = text.acronym().lower() if self.rng.random() < 0.5 else _slug(text.term())[:30]
        return f"https://github.com/{owner}/{repo}"

    def topic_refs(self, topics: list[_Topic]) -> list[dict[str, Any]]:
        score = round(self.rng.uniform(0.93, 0.9999), 4)
        out = []
        for t in topics:
            out.append(
                {
                    "id": t.id,
                    "display_name": t.name,
                    "score": score,
                    "subfield": t.subfield,
                    "field": t.field,
                    "domain": t.domain,
                }
            )
            score = round(max(0.5, score - self.rng.uniform(0.005, 0.15)), 4)
        return out

    def keywords(self, used: list[str]) -> list[dict[str, Any]]:
        """1-4 of the topical phrases the text used, as OpenAlex keywords."""
        phrases: list[str] = []
        for phrase in used[:12]:
            if phrase not in phrases:
                phrases.append(phrase)
        phrases = phrases[: 1 + int(self.rand() * 4)]
        scores = sorted((round(0.3 + 0.45 * self.rand(), 6) for _ in phrases), reverse=True)
        return [
            {"id": _keyword_id(p), "display_name": _cap(p), "score": sc} for p, sc in zip(phrases, scores, strict=True)
        ]

    def work(self, i: int) -> Work:
        pool = self.pool
        day = self.day(i)
        first = self.weighted_author(0, pool.n_authors)
        group = pool.group_of(first)
        topics = self.work_topics(group)
        primary = topics[0]
        authors = self.authors(group, first, primary.index)
        secondary = tuple(term for t in topics[1:] for term in t.terms)
        text = self.text
        text.start(primary.terms, secondary, primary.methods)
        title = text.title()
        abstract = text.abstract(self.code_url(primary, authors, text, day.year))
        venue = self.venue(primary, day)
        wid = f"{OPENALEX}W{_work_number(i)}"
        doi = self.doi(i, venue, day.year)
        authorships = self.authorships(authors, group, primary.department)
        locations = self.locations(wid, venue, doi)
        cited_by = self.cited_by_count(day, venue.type)
        refs = self.references(i, topics)
        self.cites.add(i, primary.index, cited_by)
        return _assemble(
            wid=wid,
            doi=doi,
            title=title,
            day=day,
            venue=venue,
            authorships=authorships,
            locations=locations,
            cited_by=cited_by,
            biblio=self.biblio(venue, day.year),
            topics=self.topic_refs(topics),
            keywords=self.keywords(text.used),
            refs=refs,
            abstract=abstract,
            created=self.created_date(day),
        )

    def created_date(self, day: date) -> str:
        created = max(day, _OPENALEX_START) + timedelta(days=int(self.rng.random() * 40))
        return min(created, END_DATE).isoformat()


@lru_cache(maxsize=4096)
def _keyword_id(phrase: str) -> str:
    return f"{OPENALEX}keywords/{_slug(phrase)}"


def _counts_by_year(cited_by: int, year: int) -> list[dict[str, int]]:
    """Citations per year for the last years shown by OpenAlex (2012 on): ramping up over the
    first years after publication, then flat; earlier years take the remainder."""
    last = END_DATE.year
    weights = {y: min(y - year + 1, 4) for y in range(year, last + 1)}
    total = sum(weights.values())
    out = []
    for y in range(last, max(year, 2012) - 1, -1):
        count = cited_by * weights[y] // total
        if count:
            out.append({"year": y, "cited_by_count": count})
    return out


def _open_access(locations: list[dict[str, Any]], venue: _Venue) -> dict[str, Any]:
    best = next((loc for loc in locations if loc["is_oa"]), None)
    if best is None:
        status = "closed"
    elif best["source"] is _ARXIV_SOURCE:
        status = "green"
    elif best["license"]:
        status = "gold"
    else:
        status = "bronze"
    return {
        "is_oa": best is not None,
        "oa_status": status,
        "oa_url": best["landing_page_url"] if best else None,
        "any_repository_has_fulltext": venue.arxiv_id is not None,
    }


def _indexed_in(venue: _Venue, doi: str | None) -> list[str]:
    if venue.source is None:
        return ["arxiv", "datacite"]
    out = ["arxiv"] if venue.arxiv_id else []
    return out + ["crossref"] if doi else out


def _assemble(
    *,
    wid: str,
    doi: str | None,
    title: str,
    day: date,
    venue: _Venue,
    authorships: list[dict[str, Any]],
    locations: list[dict[str, Any]],
    cited_by: int,
    biblio: dict[str, str | None],
    topics: list[dict[str, Any]],
    keywords: list[dict[str, Any]],
    refs: list[str],
    abstract: str,
    created: str,
) -> Work:
    """The Work entity, keys in the order the OpenAlex API uses."""
    open_access = _open_access(locations, venue)
    insts = {i["id"] for a in authorships for i in a["institutions"]}
    countries = {c for a in authorships for c in a["countries"]}
    corresponding = [a for a in authorships if a["is_corresponding"]]
    ids = {"openalex": wid, "doi": doi} if doi else {"openalex": wid}
    return {
        "id": wid,
        "doi": doi,
        "title": title,
        "display_name": title,
        "publication_year": day.year,
        "publication_date": day.isoformat(),
        "ids": ids,
        "language": "en",
        "primary_location": locations[0],
        "type": venue.type,
        "type_crossref": venue.type_crossref,
        "indexed_in": _indexed_in(venue, doi),
        "open_access": open_access,
        "authorships": authorships,
        "institution_assertions": [],
        "countries_distinct_count": len(countries),
        "institutions_distinct_count": len(insts),
        "corresponding_author_ids": [a["author"]["id"] for a in corresponding],
        "corresponding_institution_ids": [i["id"] for a in corresponding for i in a["institutions"]],
        "apc_list": None,
        "apc_paid": None,
        "fwci": None,
        "has_fulltext": False,
        "cited_by_count": cited_by,
        "citation_normalized_percentile": None,
        "cited_by_percentile_year": None,
        "biblio": biblio,
        "is_retracted": False,
        "is_paratext": False,
        "primary_topic": topics[0],
        "topics": topics,
        "keywords": keywords,
        "concepts": [],
        "mesh": [],
        "locations_count": len(locations),
        "locations": locations,
        "best_oa_location": next((loc for loc in locations if loc["is_oa"]), None),
        "sustainable_development_goals": [],
        "grants": [],
        "datasets": [],
        "versions": [],
        "referenced_works_count": len(refs),
        "referenced_works": refs,
        "related_works": [],
        "abstract_inverted_index": _inverted_index(abstract),
        "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{wid.rsplit('/', 1)[1]}",
        "counts_by_year": _counts_by_year(cited_by, day.year),
        "updated_date": UPDATED_DATE,
        "created_date": created,
    }


# --- public API -----------------------------------------------------------------------------------


def generate_works(n_works: int, seed: int = 0) -> Iterator[Work]:
    """Yield `n_works` synthetic OpenAlex Work entities, oldest first (see module docstring).

    Deterministic in (n_works, seed). The same seed with a different n_works gives a
    different data set (the author pool and date scale are sized by n_works).
    """
    if n_works < 0:
        raise ValueError(f"n_works must be >= 0, got {n_works}")
    if n_works == 0:
        return
    factory = _Factory(n_works, seed)
    for i in range(n_works):
        yield factory.work(i)


class _BackgroundWriter:
    """Writes chunks to a (gzip) file from a thread: zlib and file I/O release the GIL, so
    compression overlaps generation. Chunks are written in order, so output is unchanged."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="synthetic-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.out.write(chunk)
                except BaseException as exc:  # re-raised in the producer thread
                    self.error = exc

    def write(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(chunk)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _write_lines(out: BinaryIO, works: Iterator[Work], batch_size: int = 256) -> int:
    import orjson  # here, not at the top: generate_works also runs where only numpy is (a lent GPU)

    writer = _BackgroundWriter(out)
    count = 0
    batch: list[bytes] = []
    try:
        for work in works:
            batch.append(orjson.dumps(work))
            count += 1
            if len(batch) >= batch_size:
                writer.write(b"\n".join(batch) + b"\n")
                batch = []
        if batch:
            writer.write(b"\n".join(batch) + b"\n")
    finally:
        writer.close()
    return count


def write_jsonl(path: str | Path, n_works: int, seed: int = 0, progress: bool = False) -> int:
    """Write `generate_works(n_works, seed)` to `path` as JSON lines (gzip if it ends in .gz).
    Returns the number of records written. Same arguments, same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    works: Iterator[Work] = generate_works(n_works, seed)
    if progress:
        from tqdm import tqdm

        works = iter(tqdm(works, total=n_works, unit="work", file=sys.stderr))
    with path.open("wb") as raw:
        if path.suffix != ".gz":
            return _write_lines(raw, works)
        # mtime=0 and no file name in the header: the same data gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=5) as gz:
            return _write_lines(gz, works)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scholargraph.synthetic",
        description="Write synthetic OpenAlex works as JSON lines (gzip if OUT ends in .gz).",
    )
    parser.add_argument("out", metavar="OUT", type=Path, help="output file (.jsonl or .jsonl.gz)")
    parser.add_argument("--works", type=int, default=10_000, help="number of works (10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    args = parser.parse_args(argv)
    if args.works < 0:
        parser.error("--works must be >= 0")
    t0 = time.perf_counter()
    count = write_jsonl(args.out, args.works, seed=args.seed, progress=args.progress)
    secs = time.perf_counter() - t0
    size = args.out.stat().st_size
    print(
        f"wrote {count} works to {args.out} ({size / 1e6:.1f} MB) in {secs:.1f}s "
        f"({count / max(secs, 1e-9):,.0f} works/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
