from scholargraph.cli import main

main()
