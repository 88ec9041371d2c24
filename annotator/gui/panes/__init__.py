"""The main window's panes: each built from the shared state, the settings and a parent, told of
the session through the state, giving its own actions and enabling them. A pane never touches
another pane."""
