"""The search app's routes in the scope walk (core/tests/test_scope_walker.py): their ``pk`` names a petition."""

PK_OF = {
    "search:link_repeat": "petitions",
    "search:merge": "petitions",
    "search:split": "petitions",
    "api-search-repeat": "petitions",
    "api-search-merge": "petitions",
    "api-search-split": "petitions",
}
