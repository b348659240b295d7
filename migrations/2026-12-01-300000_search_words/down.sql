DROP FUNCTION refresh_search_words();
DROP TABLE search_words;
