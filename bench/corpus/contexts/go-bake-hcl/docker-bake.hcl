variable "GO_VERSION" {
  default = null
}
variable "DESTDIR" {
  default = "./bin"
}

# Special target: https://github.com/docker/metadata-action#bake-definition
target "meta-helper" {
  tags = ["example/relay:local"]
}

target "_common" {
  args = {
    GO_VERSION = GO_VERSION
    BUILDKIT_CONTEXT_KEEP_GIT_DIR = 1
  }
}

group "default" {
  targets = ["image"]
}

target "image" {
  inherits = ["_common", "meta-helper"]
  context = "."
  dockerfile = "build/package/Dockerfile"
  output = ["type=docker"]
}

target "binaries" {
  inherits = ["_common"]
  target = "binaries"
  output = [DESTDIR]
  platforms = ["local"]
}
