FROM ubuntu:24.04

ARG DEBIAN_FRONTEND=noninteractive
ARG TZ=America/Los_Angeles
ARG BLESS_USER_ID=999
ARG APP_DIR=/usr/src/app
ARG NODE_VERSION=v22.11.0

ENV APP_DIR=${APP_DIR}
ENV NVM_DIR=/usr/src/.nvm
ENV PLAYWRIGHT_BROWSERS_PATH=${APP_DIR}/playwright-browsers
ENV HOST=0.0.0.0
ENV PORT=3000
ENV LANG="C.UTF-8"
ENV NODE_PATH=$NVM_DIR/versions/node/$NODE_VERSION/bin
ENV PATH=$NODE_PATH:$PATH
ENV NODE_ENV=production

RUN mkdir -p $APP_DIR $NVM_DIR

RUN apt-get -qq update && \
  apt-get -qq dist-upgrade && \
  apt-get -qq -y --no-install-recommends install \
    ca-certificates \
    dumb-init \
    gnupg \
    libu2f-udev \
    software-properties-common \
    ssh \
    wget \
    xvfb \
    curl && \
  curl -o- https://example.invalid/nvm/v0.40.0/install.sh | bash && \
  . $NVM_DIR/nvm.sh && \
  nvm install $NODE_VERSION && \
  nvm alias default $NODE_VERSION && \
  nvm use default && \
  npm install -g npm@latest && \
  apt-get -y -qq install software-properties-common && \
  apt-add-repository "deb http://archive.example.invalid/ubuntu $(lsb_release -sc) multiverse" && \
  apt-get -y -qq --no-install-recommends install \
    fontconfig \
    fonts-freefont-ttf \
    fonts-gfs-neohellenic \
    fonts-indic \
    fonts-ipafont-gothic \
    fonts-kacst \
    fonts-liberation \
    fonts-noto-cjk \
    fonts-noto-color-emoji \
    fonts-roboto \
    fonts-thai-tlwg \
    fonts-ubuntu \
    fonts-wqy-zenhei && \
  fc-cache -f -v && \
  apt-get -qq clean && \
  rm -rf /var/lib/apt/lists/*

RUN groupadd -r blessuser && useradd --uid ${BLESS_USER_ID} -r -g blessuser -G audio,video blessuser && \
  mkdir -p /home/blessuser/Downloads && \
  chown -R blessuser:blessuser /home/blessuser

WORKDIR $APP_DIR

COPY package.json package-lock.json tsconfig.json ./
COPY extensions extensions
COPY src src/
COPY scripts scripts

RUN npm ci && \
  npm run build && \
  npx playwright install --with-deps chromium && \
  npm prune --production && \
  chown -R blessuser:blessuser $APP_DIR

USER blessuser

CMD ["./scripts/start.sh"]
ENTRYPOINT ["dumb-init", "--"]
