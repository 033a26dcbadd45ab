# escape=`
ARG InstallerVersion=windowsservercore
ARG InstallerRepo=mcr.microsoft.com/powershell
ARG NanoServerRepo=mcr.microsoft.com/windows/nanoserver
ARG tag=ltsc2022

FROM ${InstallerRepo}:$InstallerVersion AS installer-env

ARG NODE_VERSION=20.18.1

SHELL ["pwsh", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]

RUN $url = ('https://nodejs.example.invalid/dist/v{0}/node-v{0}-win-x64.zip' -f $env:NODE_VERSION); `
    Write-Host ('Downloading {0} ...' -f $url); `
    Invoke-WebRequest -Uri $url -OutFile 'node.zip'; `
    Write-Host 'Expanding ...'; `
    Expand-Archive node.zip -DestinationPath C:\; `
    Write-Host 'Renaming ...'; `
    Rename-Item -Path ('C:\node-v{0}-win-x64' -f $env:NODE_VERSION) -NewName 'C:\nodejs'; `
    Write-Host 'Removing ...'; `
    Remove-Item node.zip -Force; `
    Write-Host 'Complete.'

FROM ${NanoServerRepo}:$tag

ENV NODE_VERSION 20.18.1

COPY --from=installer-env C:\nodejs C:\nodejs

USER ContainerAdministrator
RUN setx /m PATH "C:\nodejs;%PATH%"
USER ContainerUser

WORKDIR C:\app
COPY package.json .
RUN npm install --omit=dev
COPY . .

CMD [ "node.exe", "server.js" ]
