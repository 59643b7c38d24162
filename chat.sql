-- Schema of the chat server: the seed's five tables, changed only where correctness needs it,
-- and the conversation log of protocol version 2.
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

-- v1 kept a copy of each message per recipient who was away here. v2 keeps the log below
-- instead: a v1 database's rows become log entries at the first start, and the table empties.
CREATE TABLE IF NOT EXISTS offlinemessage (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  userid INT NOT NULL,
  message TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  KEY offline_by_user (userid, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A conversation ('d:<low user>:<high user>' or 'g:<group>'): who it is between (the two users,
-- low first, or the group), for listing a user's conversations; and the row a message service
-- locks to number a conversation that more than one node writes at once. Its last seq and ts
-- are those of its newest message.
CREATE TABLE IF NOT EXISTS conversation (
  conv VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  user_low INT NULL,
  user_high INT NULL,
  groupid INT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The log: every message once, numbered 1, 2, 3 ... in its conversation, never changed.
CREATE TABLE IF NOT EXISTS message (
  conv VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  seq BIGINT NOT NULL,
  msg_id VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sender INT NOT NULL,
  -- names never change, so the message carries them as it was sent
  sender_name VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  -- the recipient of a direct message; NULL for a group message
  to_user INT NULL,
  group_name VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  -- TEXT holds a 4,000-character text in any script
  text TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  -- ms since the epoch; a later message never gets an earlier ts, so seq and ts agree
  ts BIGINT NOT NULL,
  -- the key numbers too: two writers that took one seq cannot both commit it
  PRIMARY KEY (conv, seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A sender's client ids (cid) of the last 24 hours: a send repeating one gets the first reply.
CREATE TABLE IF NOT EXISTS message_cid (
  sender INT NOT NULL,
  cid VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  conv VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  seq BIGINT NOT NULL,
  msg_id VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ts BIGINT NOT NULL,
  PRIMARY KEY (sender, cid),
  -- the hourly purge of cids older than a day
  KEY message_cid_by_ts (ts)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Where a user stands in a conversation: received everything up to acked_seq. A group member's
-- row is made when they join (acked at the group's last seq), a direct conversation's rows with
-- its first message; leaving a group makes the row inactive (its history is no longer theirs).
CREATE TABLE IF NOT EXISTS conv_member (
  userid INT NOT NULL,
  conv VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  acked_seq BIGINT NOT NULL DEFAULT 0,
  -- the seq the membership began after: messages after it are owed to the member
  joined_seq BIGINT NOT NULL DEFAULT 0,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  PRIMARY KEY (userid, conv)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Members of groups made before v2 get their row (at seq 0: a v1 group has no log yet).
INSERT IGNORE INTO conv_member (userid, conv, acked_seq, joined_seq, active)
  SELECT userid, CONCAT('g:', groupid), 0, 0, TRUE FROM groupuser;

-- Each user's push devices, keyed by the token's SHA-256 (a 4,096-character token is too long to index).
CREATE TABLE IF NOT EXISTS push_device (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  userid INT NOT NULL,
  provider ENUM('webhook', 'fcm', 'apns') NOT NULL,
  token VARCHAR(4096) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  token_hash BINARY(32) NOT NULL,
  UNIQUE KEY push_device_of_user (userid, provider, token_hash),
  -- a token its provider reports gone is removed for every user who registered it
  KEY push_device_by_token (provider, token_hash)
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
