"""GUI-related subcommands (e.g. ``screenshots``); Qt is imported inside handlers only."""
