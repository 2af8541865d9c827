from ouroboros_tui.entry import main

main()
