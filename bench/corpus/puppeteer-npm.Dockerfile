FROM node:20-slim

# Chrome's own package pulls in the shared libraries and fonts the bundled
# browser needs; the app then points puppeteer at it.
RUN apt-get update \
    && apt-get install -y wget gnupg \
    && wget -q -O - https://dl.example.invalid/linux/signing_key.pub | gpg --dearmor -o /usr/share/keyrings/chrome.gpg \
    && sh -c 'echo "deb [arch=amd64 signed-by=/usr/share/keyrings/chrome.gpg] http://dl.example.invalid/linux/chrome/deb/ stable main" >> /etc/apt/sources.list.d/chrome.list' \
    && apt-get update \
    && apt-get install -y google-chrome-stable fonts-ipafont-gothic fonts-wqy-zenhei fonts-thai-tlwg fonts-kacst fonts-freefont-ttf libxss1 \
      --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*

ENV PUPPETEER_SKIP_DOWNLOAD=true \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/google-chrome-stable

WORKDIR /home/pptruser/app

RUN groupadd -r pptruser && useradd -r -g pptruser -G audio,video pptruser \
    && mkdir -p /home/pptruser/Downloads \
    && chown -R pptruser:pptruser /home/pptruser

COPY --chown=pptruser:pptruser package.json package-lock.json ./
RUN npm ci --omit=dev

COPY --chown=pptruser:pptruser . .

USER pptruser

EXPOSE 3000
CMD npm start
