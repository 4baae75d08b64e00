from setuptools import setup

setup(
    name="backend",
    install_requires=[
        "sqlalchemy>=2.0",
        "asyncpg>=0.29",
    ],
    extras_require={"pg": ['asyncpg']},
)
