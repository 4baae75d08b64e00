from sqlalchemy.ext.asyncio import create_async_engine


def make_engine(url):
	return create_async_engine(
		url,
		connect_args={
			"statement_cache_size": 0,
			"server_settings": {"application_name": "tabs"},
		},
	)
