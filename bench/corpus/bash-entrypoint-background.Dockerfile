FROM ubuntu:20.04

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
        openjdk-11-jre-headless \
        curl \
        netcat \
    && rm -rf /var/lib/apt/lists/*

# two processes in one container: the API and a metrics sidecar, started by a script
COPY api.jar /opt/api/api.jar
COPY metrics-agent /opt/agent/metrics-agent
COPY run-all.sh /run-all.sh
RUN chmod +x /run-all.sh /opt/agent/metrics-agent

EXPOSE 8080 9100
CMD ["/bin/bash", "-c", "/opt/agent/metrics-agent & java -jar /opt/api/api.jar"]
