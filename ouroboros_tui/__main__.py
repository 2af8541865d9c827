from ouroboros_tui.cli import main

main()
