"""The textmodels routes in the scope walk (core/tests/test_scope_walker.py): their ``pk`` names a petition."""

PK_OF = {
    "textmodels:confirm": "petitions",
    "api-textmodels-suggestions": "petitions",
    "api-textmodels-confirm": "petitions",
}
