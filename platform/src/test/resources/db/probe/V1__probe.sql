CREATE TABLE probe (id ${id_pk}, name VARCHAR(64) NOT NULL);
