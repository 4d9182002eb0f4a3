# Sourced by .ci/run: a throwaway PostgreSQL server for the PostgreSQL contract tests.
#
# ci_postgres_install  installs the Debian package "postgresql" unless it is installed already (needs root);
# ci_postgres_start    starts a fresh server in its own folder on 127.0.0.1:$CI_PG_PORT (default 55432), as the
#                      "postgres" user when run as root, creates the role "pharmacy" with a random password and its
#                      database "pharmacy_test", and exports PG_URL, PG_USER and PG_PASSWORD;
# ci_postgres_stop     stops that server and removes its folder.
#
# The server lives in its own folder, port and socket directory, so it never touches a cluster the machine already
# runs. A leftover from an interrupted run is stopped and replaced, so running twice is safe. Any failure returns
# non-zero with the server log on stderr: a CI run must not quietly skip the PostgreSQL tests.

CI_PG_PORT=${CI_PG_PORT:-55432}
CI_PG_DIR=${CI_PG_DIR:-${TMPDIR:-/tmp}/pharmacy-ci-postgres}

ci_postgres_install() {
  if dpkg-query -W -f='${Status}\n' postgresql 2>/dev/null | grep -q '^install ok installed$'; then
    echo "ci: PostgreSQL is installed already: $(ci_postgres_bin)/postgres"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "ci: PostgreSQL is not installed, and only root can install it: apt-get install postgresql" >&2
    return 1
  fi
  echo "ci: installing PostgreSQL from the Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
}

# The newest installed server's bin folder, e.g. /usr/lib/postgresql/15/bin.
ci_postgres_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "ci: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  printf '%s\n' "$bin"
}

# Runs a command as the server's owner: initdb and postgres refuse to run as root.
ci_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

ci_postgres_start() {
  local bin data log password
  bin=$(ci_postgres_bin) || return 1
  data=$CI_PG_DIR/data
  log=$CI_PG_DIR/server.log
  if [ -f "$data/postmaster.pid" ]; then
    echo "ci: stopping a PostgreSQL server left over in $CI_PG_DIR"
    ci_as_postgres "$bin/pg_ctl" -D "$data" stop -m immediate -w || true
  fi
  rm -rf "$CI_PG_DIR"
  mkdir -p "$CI_PG_DIR"
  chmod 700 "$CI_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$CI_PG_DIR"
  fi

  echo "ci: starting PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$CI_PG_PORT in $CI_PG_DIR"
  # Trust only on the private socket folder; over TCP, as the tests connect, a password is required.
  if ! ci_as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C >"$CI_PG_DIR/initdb.log" 2>&1; then
    echo "ci: initdb failed:" >&2
    cat "$CI_PG_DIR/initdb.log" >&2
    return 1
  fi
  if ! ci_as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $CI_PG_PORT -k $CI_PG_DIR" start; then
    echo "ci: PostgreSQL did not start; its log:" >&2
    cat "$log" >&2 || true
    return 1
  fi

  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  ci_as_postgres "$bin/psql" -h "$CI_PG_DIR" -p "$CI_PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE pharmacy LOGIN PASSWORD '$password'" \
      -c "CREATE DATABASE pharmacy_test OWNER pharmacy" || return 1
  # The way the tests will connect: TCP, user and password.
  if ! PGPASSWORD=$password "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 \
      "host=127.0.0.1 port=$CI_PG_PORT user=pharmacy dbname=pharmacy_test" -c "SELECT 1" >/dev/null; then
    echo "ci: PostgreSQL is running but pharmacy_test can't be reached as pharmacy over TCP" >&2
    return 1
  fi

  export PG_URL="jdbc:postgresql://127.0.0.1:$CI_PG_PORT/pharmacy_test"
  export PG_USER=pharmacy
  export PG_PASSWORD=$password
  echo "ci: PostgreSQL is ready: PG_URL=$PG_URL PG_USER=$PG_USER"
}

ci_postgres_stop() {
  local bin
  bin=$(ci_postgres_bin 2>/dev/null) || return 0
  if [ -f "$CI_PG_DIR/data/postmaster.pid" ]; then
    ci_as_postgres "$bin/pg_ctl" -D "$CI_PG_DIR/data" stop -m fast -w >/dev/null && rm -rf "$CI_PG_DIR"
    echo "ci: PostgreSQL stopped"
  fi
}
