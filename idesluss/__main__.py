from idesluss.cli import main

main()
