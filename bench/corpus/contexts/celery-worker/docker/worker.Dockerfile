FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY docker/wait-for-broker.sh /usr/local/bin/wait-for-broker.sh
ENTRYPOINT ["wait-for-broker.sh"]
CMD ["celery", "-A", "proj", "worker", "--loglevel=INFO"]
