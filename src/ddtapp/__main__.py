from ddtapp.cli import main

main()
