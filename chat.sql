-- Schema of the chat server: the seed's five tables, changed only where correctness needs it.
-- Each change carries a one-line comment. Every statement is idempotent: the node applies
-- this file at start-up (after creating the database if it is missing).

CREATE TABLE IF NOT EXISTS `user` (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- utf8mb4 with a binary collation: names in any script, compared exactly
  name VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL UNIQUE,
  -- a self-describing salted hash (pbkdf2-sha256$iterations$salt$hash), never the password
  password VARCHAR(255) NOT NULL,
  state ENUM('online', 'offline') NOT NULL DEFAULT 'offline',
  -- version of the presence change that set state: an update applies only over an older one
  state_version BIGINT NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS friend (
  userid INT NOT NULL,
  friendid INT NOT NULL,
  PRIMARY KEY (userid, friendid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS allgroup (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- utf8mb4 with a binary collation: group names in any script, compared exactly
  groupname VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL UNIQUE,
  -- utf8mb4: a description holds 200 characters of any script
  groupdesc VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT ''
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS groupuser (
  groupid INT NOT NULL,
  userid INT NOT NULL,
  grouprole ENUM('creator', 'normal') NOT NULL DEFAULT 'normal',
  PRIMARY KEY (groupid, userid),
  -- the groups of a user are looked up at every login
  KEY groupuser_by_user (userid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS offlinemessage (
  -- an increasing id keeps the arrival order and names a message for removal once delivered
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  userid INT NOT NULL,
  -- the stored message event (JSON); TEXT holds a 4,000-character text in any script
  message TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  -- a user's stored messages are read and removed in order at login
  KEY offline_by_user (userid, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- user.state_version came later than the tables: a user table made without it gets it here,
-- and where it is there this does nothing (on MySQL and MariaDB alike, so the file can be
-- applied again at every start, or by hand).
SET @add_state_version = IF(
  (SELECT COUNT(*) FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'user' AND column_name = 'state_version') = 0,
  'ALTER TABLE `user` ADD COLUMN state_version BIGINT NOT NULL DEFAULT 0',
  'DO 0');
PREPARE add_state_version FROM @add_state_version;
EXECUTE add_state_version;
DEALLOCATE PREPARE add_state_version;
