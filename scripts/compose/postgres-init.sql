-- One database per service (each service owns its data); run once by the postgres image on an empty volume.
CREATE DATABASE catalog;
CREATE DATABASE orders;
CREATE DATABASE inventory;
CREATE DATABASE hr;
CREATE DATABASE theme;
CREATE DATABASE observer;
