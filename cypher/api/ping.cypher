// name: api/ping
// params: none
// returns: ok (1 when the database answers); the health check
RETURN 1 AS ok
