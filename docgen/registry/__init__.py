"""The registry database: offices, accounts, applications, groups, certificates, jobs, audit."""
