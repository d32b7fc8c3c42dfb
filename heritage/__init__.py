"""heritage: the domain and data of a tracker of damage to cultural heritage in armed conflict."""
