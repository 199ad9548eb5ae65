from uprsearch.cli import main

main()
