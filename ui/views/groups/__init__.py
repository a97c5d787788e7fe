"""The groups of the settings tab ("Configuração"), one module a group, in MGV7's order and words.
Each group builds its fields through the tab's ``Form`` and keeps its own enabling rules."""
