from setuptools import setup

setup(
    name="backend",
    install_requires=[
        "sqlalchemy>=2.0",
        "psycopg[binary]>=3.2",
    ],
    extras_require={"pg": ['psycopg[binary]>=3.2']},
)
