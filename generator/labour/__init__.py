"""The labour-law package (17 kap. 2–4 §§ LOU): the levels and needs-assessment facts a case gives,
the facts docgen knows (threshold, risk industry), and which companion documents a tender gets."""
