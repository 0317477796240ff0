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
  graph is a DAG with hubs. ~30% are on arXiv (new- and old-style arXiv ids, unique).

Determinism: every random choice comes from `random.Random` / `numpy.random.Generator`
instances seeded from `seed`; the same seed gives byte-identical output (gzip headers carry no
timestamp or file name). Ids do not depend on the seed, so two data sets of different seeds must
not be loaded into one graph.

Memory: catalogues (topics, institutions, sources) are fixed-size; the author pool and the
citation sampler hold a few compact arrays (~40 bytes per work in all), so 1M works need tens
of MB; records themselves are streamed. Nested catalogue dicts (`source`, institution and topic
parts) are shared between yielded works: treat the records as read-only.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import math
import random
import re
import sys
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson

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
        "Lars Ingrid Erik Sofie Anders Astrid Mikkel Freja Jan Sanne Pieter Femke Bram Maarten "
        "Sven Elin Mikko Aino",
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
        "Chinedu Ngozi Oluwaseun Adaeze Kwame Ama Tendai Thandiwe Emeka Yetunde Kofi Zanele "
        "Abebe Wanjiru",
        "Okafor Adeyemi Okonkwo Mensah Boateng Ndlovu Dlamini Mwangi Otieno Eze Bello Tesfaye "
        "Nkosi Osei",
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

# Share of authors per culture (roughly the make-up of the arXiv/OpenAlex author population).
_CULTURE_WEIGHTS = (22, 22, 9, 6, 4, 6, 5, 4, 5, 3, 3, 3, 2, 3, 2, 1, 1, 1)

# --- places ----------------------------------------------------------------------------------------
# country code -> (country name, adjective for national bodies, cities)
_COUNTRIES: dict[str, tuple[str, str, str]] = {
    "US": ("United States", "American",
           "Boston;Chicago;Austin;Seattle;Atlanta;Pittsburgh;Madison;Ann Arbor;Berkeley;"
           "Princeton;Houston;San Diego;Minneapolis;Baltimore;Philadelphia;Denver;Urbana"),
    "GB": ("United Kingdom", "British", "Edinburgh;Manchester;Bristol;Glasgow;Leeds;Oxford"),
    "CA": ("Canada", "Canadian", "Toronto;Montreal;Vancouver;Waterloo;Calgary"),
    "AU": ("Australia", "Australian", "Sydney;Melbourne;Brisbane;Adelaide"),
    "NZ": ("New Zealand", "New Zealand", "Auckland;Wellington"),
    "IE": ("Ireland", "Irish", "Dublin;Galway"),
    "CN": ("China", "Chinese", "Beijing;Shanghai;Nanjing;Wuhan;Hangzhou;Chengdu;Xi'an;Harbin;"
           "Hefei;Guangzhou;Tianjin;Shenzhen"),
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
    "Nova Helix Vector Quanta Aurora Atlas Orion Cobalt Lumen Tensor Photon Stratus Polaris "
    "Nimbus Apex Cortex Meridian Zenith Sigma Vertex"
).split()
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
    "math.AT": "homotopy theory;spectral sequences;cohomology operations;stable homotopy;"
    "fibrations;K-theory;operads",
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
    "math.GN": "general topology;topological spaces;compactness;metrizable spaces;continua;"
    "function spaces",
    "math.GR": "group theory;finite groups;geometric group theory;group actions;"
    "hyperbolic groups;representation growth;Coxeter groups",
    "math.GT": "knot invariants;three-manifolds;mapping class groups;hyperbolic geometry;"
    "Heegaard splittings;surface topology;braid groups",
    "math.HO": "history of mathematics;mathematical practice;mathematics education;"
    "mathematical biography;philosophy of mathematics",
    "math.KT": "algebraic K-theory;cyclic homology;operator K-theory;index theory;"
    "noncommutative motives",
    "math.LO": "model theory;set theory;forcing;computability theory;large cardinals;"
    "proof theory;definable sets",
    "math.MG": "metric spaces;convex bodies;discrete geometry;packing problems;isoperimetric "
    "inequalities;polytopes",
    "math.NA": "numerical methods;finite element methods;error estimates;iterative solvers;"
    "discontinuous Galerkin methods;convergence analysis;preconditioning;time integration",
    "math.NT": "number theory;prime numbers;modular forms;elliptic curves;L-functions;"
    "Diophantine equations;analytic number theory;Galois representations",
    "math.OA": "operator algebras;von Neumann algebras;C*-algebras;subfactors;noncommutative "
    "geometry;free probability",
    "math.OC": "optimal control;convex optimization;nonconvex optimization;first-order methods;"
    "stochastic programming;optimality conditions;variational inequalities",
    "math.PR": "stochastic processes;random walks;Brownian motion;martingales;large deviations;"
    "random matrices;percolation;stochastic differential equations;interacting particle "
    "systems",
    "math.QA": "quantum groups;Hopf algebras;vertex operator algebras;tensor categories;"
    "quantum invariants;deformation quantization",
    "math.RA": "associative algebras;Lie algebras;ring theory;noncommutative rings;"
    "polynomial identities;derivations",
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
    "nlin.AO": "self-organization;adaptive networks;complex systems;emergent behaviour;"
    "collective dynamics",
    "nlin.CD": "chaos;strange attractors;Lyapunov exponents;synchronization;nonlinear "
    "oscillators;bifurcations",
    "nlin.CG": "cellular automata;lattice gases;pattern generation rules;discrete dynamical "
    "models",
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
    "physics.med-ph": "medical physics;radiotherapy;dosimetry;medical imaging;proton therapy;"
    "image-guided treatment",
    "physics.optics": "nonlinear optics;photonic crystals;optical frequency combs;integrated "
    "photonics;laser pulses;optical fibers;plasmonics;structured light",
    "physics.plasm-ph": "plasma physics;magnetic confinement fusion;tokamaks;plasma "
    "turbulence;laser-plasma interaction;magnetic reconnection",
    "physics.soc-ph": "complex networks;opinion dynamics;epidemic spreading;human mobility;"
    "urban scaling;collective behaviour",
    "physics.acc-ph": "particle accelerators;beam dynamics;plasma wakefield acceleration;"
    "free-electron lasers;beam diagnostics",
    "physics.space-ph": "solar wind;magnetosphere;space weather;ionosphere;coronal mass "
    "ejections",
    "q-bio.BM": "protein structure;molecular dynamics of proteins;protein-ligand binding;"
    "RNA folding;drug design",
    "q-bio.CB": "cell migration;cell signaling;cell division;tissue growth;cellular mechanics",
    "q-bio.GN": "genomics;gene expression;sequence alignment;genome assembly;single-cell "
    "RNA sequencing;genetic variants",
    "q-bio.MN": "gene regulatory networks;metabolic networks;signaling pathways;network "
    "motifs;systems biology",
    "q-bio.NC": "neural coding;synaptic plasticity;cortical dynamics;neural circuits;"
    "brain networks;decision making in the brain;neuronal populations",
    "q-bio.PE": "population dynamics;evolutionary dynamics;epidemic models;phylogenetics;"
    "natural selection;species coexistence",
    "q-bio.QM": "quantitative methods in biology;bioimage analysis;biological data "
    "integration;statistical genetics;mathematical biology",
    "q-fin.CP": "option pricing algorithms;Monte Carlo simulation in finance;"
    "finite-difference schemes;calibration of models;computational finance",
    "q-fin.MF": "stochastic calculus;arbitrage theory;portfolio optimization;martingale "
    "measures;utility maximization",
    "q-fin.PM": "portfolio management;asset allocation;risk parity;factor investing;"
    "mean-variance optimization",
    "q-fin.PR": "option pricing;derivative valuation;volatility surfaces;interest rate models;"
    "credit derivatives",
    "q-fin.RM": "risk management;value at risk;systemic risk;credit risk;stress testing",
    "q-fin.ST": "financial time series;volatility clustering;heavy tails;market correlations;"
    "return predictability",
    "q-fin.TR": "market microstructure;limit order books;high-frequency trading;optimal "
    "execution;market impact",
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
    "cs": ("Computer Science",
           "deep neural networks;graph neural networks;reinforcement learning;transformer "
           "architectures;integer linear programming;dynamic programming;randomized algorithms;"
           "static analysis;model checking;stochastic gradient descent;contrastive learning;"
           "knowledge distillation;attention mechanisms;probabilistic graphical models;"
           "approximation algorithms;spectral methods"),
    "stat": ("Statistics",
             "Bayesian inference;Markov chain Monte Carlo;maximum likelihood estimation;the "
             "bootstrap;variational inference;nonparametric regression;kernel methods;empirical "
             "process theory;penalized regression;Gaussian processes;mixed-effects models;"
             "cross-validation"),
    "math": ("Mathematics",
             "variational methods;spectral theory;homological algebra;probabilistic methods;"
             "Fourier analysis;Sobolev spaces;combinatorial arguments;representation theory;"
             "ergodic theory;compactness arguments;harmonic analysis;a priori estimates"),
    "physics": ("Physics",
                "density functional theory;Monte Carlo simulations;perturbation theory;"
                "renormalization group methods;effective field theory;numerical simulations;"
                "exact diagonalization;molecular dynamics simulations;mean-field theory;tensor "
                "network methods;semiclassical approximations;linear response theory;Green's "
                "function techniques"),
    "astro-ph": ("Physics and Astronomy",
                 "N-body simulations;radiative transfer modelling;spectral energy distribution "
                 "fitting;Bayesian model comparison;photometric observations;hydrodynamical "
                 "simulations;spectroscopic surveys;interferometric observations"),
    "eess": ("Electrical Engineering",
             "convolutional neural networks;Kalman filtering;compressed sensing;model predictive "
             "control;sparse recovery;deep learning;convex optimization;adaptive filtering;"
             "wavelet transforms"),
    "econ": ("Economics",
             "instrumental variables;difference-in-differences designs;structural estimation;"
             "panel data methods;general equilibrium models;randomized controlled trials;"
             "game-theoretic analysis;machine learning methods"),
    "q-fin": ("Finance",
              "stochastic volatility models;Monte Carlo methods;stochastic control;GARCH models;"
              "deep hedging;Lévy processes;copula models;partial differential equations"),
    "q-bio": ("Biology",
              "mathematical modelling;stochastic simulations;sequence analysis;machine learning;"
              "molecular dynamics simulations;Bayesian phylogenetics;single-cell sequencing;"
              "network analysis;dynamical systems theory"),
}
_PHYSICS_ARCHIVES = frozenset(
    "cond-mat gr-qc hep-ex hep-lat hep-ph hep-th math-ph nlin nucl-ex nucl-th physics "
    "quant-ph".split()
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
    "cs": 30, "math": 14, "stat": 7, "physics": 6, "cond-mat": 8, "astro-ph": 6, "quant-ph": 5,
    "hep-th": 2.5, "hep-ph": 2.5, "hep-ex": 1, "hep-lat": 0.6, "gr-qc": 2, "math-ph": 1,
    "nucl-th": 0.8, "nucl-ex": 0.5, "nlin": 1.2, "eess": 4, "econ": 1.5, "q-bio": 2.5,
    "q-fin": 1.5,
}
_CATEGORY_BOOST: dict[str, float] = {
    "cs.LG": 6, "cs.CV": 5, "cs.CL": 4, "cs.AI": 3, "cs.RO": 2, "cs.CR": 2, "cs.DS": 1.5,
    "stat.ML": 4, "stat.ME": 2, "math.PR": 2.5, "math.AP": 2.5, "math.CO": 2.5, "math.NA": 2,
    "math.OC": 2, "math.NT": 1.5, "math.AG": 1.5, "cond-mat.mes-hall": 2, "cond-mat.str-el": 2,
    "cond-mat.mtrl-sci": 2, "astro-ph.GA": 2, "astro-ph.CO": 1.5, "astro-ph.SR": 1.5,
    "astro-ph.HE": 1.5, "physics.optics": 2, "physics.flu-dyn": 1.5, "eess.SP": 2,
    "eess.IV": 1.5, "q-bio.NC": 2, "q-bio.PE": 1.5,
}
# Probability that a work of the archive is on arXiv, and the year the archive opened there.
_ARXIV_SHARE: dict[str, float] = {"cs": 0.3, "math": 0.35, "stat": 0.3, "eess": 0.25,
                                  "econ": 0.2, "q-bio": 0.15, "q-fin": 0.2}
_PHYSICS_ARXIV_SHARE = 0.42
_ARXIV_OPENED: dict[str, int] = {"cs": 1998, "nlin": 1998, "q-bio": 2003, "stat": 2007,
                                 "q-fin": 2008, "eess": 2017, "econ": 2017}
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

# Publishers: name -> (DOI prefix, archives they publish in; "*" = any).
_PUBLISHERS: dict[str, tuple[str, str]] = {
    "Elsevier BV": ("10.1016", "*"),
    "Springer Science+Business Media": ("10.1007", "*"),
    "Institute of Electrical and Electronics Engineers": ("10.1109", "cs eess physics q-bio"),
    "Association for Computing Machinery": ("10.1145", "cs"),
    "American Physical Society": ("10.1103", "physics astro-ph cond-mat gr-qc hep-ex hep-lat "
                                  "hep-ph hep-th nucl-ex nucl-th quant-ph nlin math-ph"),
    "IOP Publishing": ("10.1088", "physics astro-ph cond-mat gr-qc hep-th quant-ph nlin math-ph"),
    "Wiley": ("10.1002", "*"),
    "Taylor & Francis": ("10.1080", "math stat econ q-fin q-bio"),
    "Oxford University Press": ("10.1093", "astro-ph math stat econ q-bio"),
    "American Mathematical Society": ("10.1090", "math"),
    "Society for Industrial and Applied Mathematics": ("10.1137", "math cs stat"),
    "Multidisciplinary Digital Publishing Institute": ("10.3390", "*"),
    "Cambridge University Press": ("10.1017", "math physics econ"),
    "World Scientific": ("10.1142", "math physics cs hep-th"),
    "AIP Publishing": ("10.1063", "physics cond-mat math-ph"),
    "Nature Portfolio": ("10.1038", "physics cond-mat quant-ph q-bio astro-ph cs"),
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
# {p} limitation, {r} kind of result, {d} evidence, {b} baseline, {k} number.

_ADJ = ("novel", "efficient", "scalable", "robust", "unified", "principled", "simple", "general",
        "adaptive", "hierarchical", "data-driven", "lightweight", "provably convergent")
_NOUN = ("framework", "approach", "method", "algorithm", "model", "scheme", "formalism",
         "technique", "estimator", "construction")
_PROBLEM = ("high computational cost", "poor generalization", "limited scalability",
            "strong modelling assumptions", "numerical instability", "sensitivity to noise",
            "a lack of theoretical guarantees", "prohibitive memory requirements")
_RESULT = ("tight bounds", "a sharp characterization", "an explicit formula",
           "convergence guarantees", "a complete classification", "optimal rates",
           "a necessary and sufficient condition", "an exact solution")
_DATA = ("benchmark datasets", "synthetic and real-world data", "observational data",
         "large-scale simulations", "experimental measurements", "several case studies",
         "publicly available data")
_BASELINE = ("existing methods", "state-of-the-art baselines", "previous approaches",
             "conventional techniques", "strong baselines")

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
    "We further analyze the relationship between {t} and {t}, and show that {t} plays a central "
    "role.",
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
    "On the {q} of {t}",
    "{T} via {m}",
    "Towards {a} {t} with {m}",
    "{X}: {A} {n} for {t}",
    "A {a} {n} for {t}",
    "{T} and {t}: {a} perspective",
    "{T} in {t}",
    "Learning {t} from {t}",
    "{A} {n}s for {t} and {t}",
)
_QUALITY = ("stability", "complexity", "structure", "geometry", "robustness", "limits",
            "dynamics", "universality", "expressivity", "rigidity")
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
