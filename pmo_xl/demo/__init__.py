"""The demo portfolio: a realistic, reproducible set of project workbooks to try pmo-xl on.

* :func:`pmo_xl.demo.portfolio.build_demo_portfolio` — the projects as model objects;
* :func:`pmo_xl.demo.faults.inject_faults` — spoils a few written workbooks on purpose;
* :func:`pmo_xl.demo.run.run_demo` — writes everything into a folder and runs the monthly job on it.
"""
