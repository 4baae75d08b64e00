from sqlalchemy.ext.asyncio import create_async_engine


def make_engine(url):
	return create_async_engine(
		url,
		connect_args={
			"prepare_threshold": None,
			"application_name": "tabs",
		},
	)
