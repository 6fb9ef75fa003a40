package cluster

// DevConfig exposes devConfig to the external tests.
var DevConfig = devConfig
