# escape=`

FROM mcr.microsoft.com/dotnet/framework/sdk:4.8.1-windowsservercore-ltsc2022 AS build
WORKDIR /app

# copy csproj and restore as distinct layers
COPY *.sln .
COPY aspnetapp/*.csproj ./aspnetapp/
COPY aspnetapp/*.config ./aspnetapp/
RUN nuget restore

# copy everything else and build app
COPY aspnetapp/. ./aspnetapp/
WORKDIR /app/aspnetapp
RUN msbuild /p:Configuration=Release -r:False


FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022 AS runtime

SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]

RUN Import-Module WebAdministration; `
    Set-ItemProperty 'IIS:\AppPools\DefaultAppPool' -Name processModel.identityType -Value LocalSystem; `
    Remove-Website -Name 'Default Web Site'; `
    New-Website -Name 'app' -Port 80 -PhysicalPath 'C:\inetpub\wwwroot'

WORKDIR /inetpub/wwwroot
COPY --from=build /app/aspnetapp/. ./

HEALTHCHECK --interval=30s --timeout=5s `
    CMD powershell -command `
        try { `
            $response = Invoke-WebRequest http://localhost/health -UseBasicParsing; `
            if ($response.StatusCode -eq 200) { return 0 } else { return 1 }; `
        } catch { return 1 }

ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]
