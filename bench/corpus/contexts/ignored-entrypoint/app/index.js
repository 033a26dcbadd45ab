process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);
