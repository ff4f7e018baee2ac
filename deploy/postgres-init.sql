-- Run once by the postgres image when its data volume is new (compose.yaml).
CREATE DATABASE behaviour OWNER custodia;
