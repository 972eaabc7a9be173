"""`python -m publisher …`: the same program as the `publisher` command (`publisher.launcher`)."""

from publisher.launcher import main

main()
