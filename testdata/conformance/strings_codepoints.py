# str is indexed and sliced by code point, also when it is not ASCII.
name = "Zoë Ångström"
city = "München"
print(name[2], name[-1], name[4:7], name[::-1], name[::2], len(name))
print(city[1], city[1:4], city[-3:], city[:100], city[5:2], city[1::3])
word = "naïve"
print([word[i] for i in range(len(word))], word[2:3] == "ï")
ascii_text = "plain text"
print(ascii_text[0], ascii_text[-4:], ascii_text[::3])
data = {"k": "välue", 0: "zero"}
print(data["k"][1], data[0], [10, 20, 30][-1], (1, 2, 3)[1:], b"bytes"[1:3])
try:
    print(word[10])
except IndexError as e:
    print("IndexError:", e)
try:
    print(name["x"])
except TypeError as e:
    print("TypeError:", e)
text = "héllo wörld, héllo"
print(text.find("l"), text.index("w"), text.rfind("o"), text.rindex("héllo"), text.count("l"))
print(text.find("l", 4), text.find("l", -3), text.find("ö", 0, 5), text.rfind("l", 0, 4), text.count("l", 3, -2))
print("abc".find("", 3), "abc".find("", 4), "abc".count(""), "abc".count("", 4), "héé".count("é"), "abc".find("c", -100))
cut = text[text.find("w"):text.find(",")]
print(cut, text[text.rfind("h"):])
try:
    text.index("zz")
except ValueError as e:
    print("ValueError:", e)
