"""Everything the skill says, in one place, apart from the code that decides when.

- ``guide``: the self-care topics, read in short chunks, each naming its guide passage.
- ``safety``: emergency and warning signs, by tier.
- ``prompts``: welcome, help, navigation, fallback and error words.

Other modules here hold the words of timed sessions and of memory.
"""
