"""The prompt-answer corpus of the logit-chunk figures: each text of /tmp/lora-long.jsonl cut at the last line break
before four fifths of its length, the first part the prompt, the rest the answer."""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source) as lines, open(target, "w") as out:
    for line in lines:
        text = json.loads(line)["text"]
        cut = text.rfind("\n", 0, int(len(text) * 0.8)) + 1 or int(len(text) * 0.8)
        out.write(json.dumps({"prompt": text[:cut], "answer": text[cut:]}) + "\n")
