package postgres

// LeaseKey exposes the advisory lock key of a lease name to tests.
var LeaseKey = leaseKey
