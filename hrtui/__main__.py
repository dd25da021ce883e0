from hrtui.cli import main

raise SystemExit(main())
