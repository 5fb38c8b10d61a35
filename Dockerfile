# Skiff's image for users with Docker: the same layout `make image` builds without Docker
# (hack/image): static binaries in /usr/local/bin, user 65532, one binary per Deployment
# selected by its command (skiff-controller, skiff-webhook).
#   docker build -t skiff.local/skiff:$(go run ./hack/image version) .
# Keep the binary list in step with hack/image/build.go's Binaries table.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETOS=linux
ARG TARGETARCH
RUN set -eu; mkdir -p /out; \
    for b in skiff-controller:./controller skiff-webhook:./webhook skiff-exec:./executor; do \
      CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
        go build -trimpath -ldflags "-s -w" -o "/out/${b%%:*}" "${b#*:}"; \
    done

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ /usr/local/bin/
ENV PATH=/usr/local/bin:/usr/bin:/bin
USER 65532:65532
WORKDIR /home/nonroot
CMD ["/usr/local/bin/skiff-controller"]
