# This root takes no variables.
