"""Rich renderables for the terminal: functions return objects and never print."""
