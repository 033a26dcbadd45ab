#!/bin/sh
cd /workspaces/api
exec python -m uvicorn app.main:app --host 0.0.0.0 --reload
