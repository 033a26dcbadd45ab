FROM openjdk:8-jdk-alpine

# the service, its config, and the start script that supervises it
VOLUME /tmp
ADD crud-service.jar /app/app.jar
ADD application.yml /app/config/application.yml
COPY start.sh /app/start.sh
RUN chmod +x /app/start.sh \
    && apk add --no-cache curl bash

ENV JAVA_OPTS="-Xms256m -Xmx1024m"
ENV TZ=Asia/Shanghai

WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["/app/start.sh"]
