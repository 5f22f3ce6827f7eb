-- A name is reserved while an application for it is being handled: the name check and the
-- filing look pending applications up by name (a new business's, or a rename's).
CREATE INDEX applications_by_shop_name ON applications (shop_name, county_code);
CREATE INDEX applications_by_new_name ON applications (new_name, county_code) WHERE new_name IS NOT NULL;
