FROM node:18-alpine

# app written on Windows: every line ends in CRLF
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev \
    && npm cache clean --force
COPY . .
ENV NODE_ENV=production \
    PORT=3000
EXPOSE 3000
USER node
CMD ["npm", "run", "start:prod"]
