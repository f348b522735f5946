# syntax=docker/dockerfile:1
# Gateway: build with the .NET SDK, run on the ASP.NET Core runtime with FFmpeg from the distribution.
#   docker build -t gateway .
#   docker run -p 8080:8080 -p 8189:8189/udp -p 40000-40999:40000-40999/udp \
#     -e Gateway__ApiKeys__0=<a long random key> -v gateway-data:/data gateway

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so source edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Gateway.Rtc/Gateway.Rtc.csproj src/Gateway.Rtc/
COPY src/Gateway.Pipelines/Gateway.Pipelines.csproj src/Gateway.Pipelines/
COPY src/Gateway.Worker/Gateway.Worker.csproj src/Gateway.Worker/
COPY src/Gateway.Api/Gateway.Api.csproj src/Gateway.Api/
RUN dotnet restore src/Gateway.Api/Gateway.Api.csproj
# npm vendors hls.js for the player page at build time (Gateway.Api.csproj runs npm ci in src/Gateway.Api/Player).
RUN apt-get update \
    && apt-get install -y --no-install-recommends npm \
    && rm -rf /var/lib/apt/lists/*
COPY src/Gateway.Api/Player/package.json src/Gateway.Api/Player/package-lock.json src/Gateway.Api/Player/
RUN cd src/Gateway.Api/Player && npm ci --no-audit --no-fund --loglevel=error
COPY src/ src/
RUN dotnet publish src/Gateway.Api/Gateway.Api.csproj -c Release --no-restore -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# ffmpeg writes the recordings; curl serves the HEALTHCHECK.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# APP_UID is the non-root "app" user that the .NET images ship.
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
ENV Gateway__DataDirectory=/data \
    Gateway__FFmpegPath=ffmpeg \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# HTTP API; the one WebRTC UDP port (Gateway:WebRtc:UdpPort); plain RTP ports (Gateway:Rtp:PortRange).
EXPOSE 8080/tcp 8189/udp 40000-40999/udp
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "Gateway.Api.dll"]
