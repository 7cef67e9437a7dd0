#!/usr/bin/env python
from idesluss.cli import main

if __name__ == "__main__":
    main()
