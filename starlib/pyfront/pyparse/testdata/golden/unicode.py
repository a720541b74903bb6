# Non-ASCII identifiers and text: columns count characters, not bytes.
café = "crème brûlée"
naïve = {"ключ": "значение", "键": "值"}
print(café, naïve["ключ"], f"{café!r} → {naïve}")
données = [é for é in "àéî" if é != "é"]
x = "😀" + café.upper()
