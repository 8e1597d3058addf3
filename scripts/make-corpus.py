#!/usr/bin/env python3
"""Writes the bad-input corpus files in tests/corpus/ that are easier to make than to type:
national encodings, UTF-16 without a byte-order mark, binary look-alikes, long and broken files.
Run once (python3 scripts/make-corpus.py); the files are committed and their expected outcomes are
asserted in tests/unit/import/corpus.test.ts. Deterministic: the same bytes every run."""
import gzip, os, random

here = os.path.join(os.path.dirname(__file__), '..', 'tests', 'corpus')
def w(name, data):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))

rng = random.Random(7)

# Quotes
w('stray-quote.csv', 'id,spend,note\nc1,1,a\nc2,2,"q"r\nc3,3,c\nc4,4,d\nc5,5,e\n')
w('quote-text-after.csv', 'id,spend,size\n1,10,"12" screen\n2,20,"15"\n')
w('quote-unclosed-last-row.csv', 'id,spend,note\n1,10,a\n2,20,b\n3,30,"never closed\n')
w('quote-runaway.csv', 'id,spend,note\n1,10,"opened\n' + ''.join(f'{i},{i},x\n' for i in range(2, 200)))
w('quoted-multiline.csv', 'id,spend,address\n1,10,"1 High St\nLondon"\n2,20,"2 Low Rd\r\nLeeds"\n3,30,plain\n')
w('escaped-quotes.csv', 'id,spend,said\n1,10,"He said ""hi"""\n2,20,"""quoted"""\n3,30,plain\n')
w('inch-marks-unquoted.csv', 'id,spend,size\n1,10,12" screen\n2,20,15" screen\n3,30,17"\n')
w('quoted-separators.csv', 'id,spend,city\n1,10,"Paris, France"\n2,20,"Rome; Italy"\n3,30,Oslo\n')
# Lines and blanks
w('blank-lines.csv', 'id,spend,visits\n1,10,2\n\n2,20,3\n\n\n3,30,4\n')
w('separator-only-rows.csv', 'id,spend,visits\n1,10,2\n,,\n2,20,3\n , ,\n3,30,4\n')
w('crlf.csv', 'id,spend,visits\r\n1,10,2\r\n2,20,3\r\n3,30,4\r\n')
w('cr-only.csv', 'id,spend,visits\r1,10,2\r2,20,3\r3,30,4\r')
w('mixed-line-ends.csv', 'id,spend,visits\n1,10,2\r\n2,20,3\n3,30,4\r\n')
w('no-final-newline.csv', 'id,spend,visits\n1,10,2\n2,20,3\n3,30,4')
w('trailing-blank-lines.csv', 'id,spend,visits\n1,10,2\n2,20,3\n\n\n')
w('leading-blank-lines.csv', '\n\nid,spend,visits\n1,10,2\n2,20,3\n')
w('ragged-some.csv', 'id,spend,visits\n1,10,2\n2,20\n3,30,4\n4,40,5,6\n5,50,6\n')
w('whitespace-only.csv', '   \n\t\n  \n')
w('header-only-crlf.csv', 'id,spend,visits\r\n')
w('header-and-blanks.csv', 'id,spend,visits\n\n,,\n\n')
w('one-column.csv', 'spend\n10\n20\n30\n')
w('too-many-columns.csv', ','.join(f'c{i}' for i in range(1001)) + '\n' + ','.join('1' for _ in range(1001)) + '\n')
# Numbers
w('overflow.csv', 'id,spend,visits\n1,10,2\n2,1e309,3\n3,30,4\n')
w('overflow-negative.csv', 'id,spend,visits\n1,10,2\n2,20,3\n3,-1e400,4\n')
w('overflow-digits.csv', 'id,spend,visits\n1,10,2\n2,' + '9' * 400 + ',3\n')
w('thousands-separators.csv', 'id,spend,visits\n1,"1,234.50",2\n2,"12,000",3\n3,999.99,4\n')
w('decimal-comma-semicolon.csv', 'id;spend;visits\n1;1.234,50;2\n2;12,5;3\n3;999,99;4\n')
# Names
w('long-header.csv', 'id,' + ('Total spending on wine and related products ' * 8).strip() + ',visits\n1,10,2\n2,20,3\n3,30,4\n')
w('blank-header-names.csv', 'id,,spend\n1,a,10\n2,b,20\n3,c,30\n')
w('bidi-names.csv', 'id,name,spend\n1,\u202egnp.exe,10\n2,\u05e9\u05dc\u05d5\u05dd,20\n3,\u0645\u0631\u062d\u0628\u0627,30\n')
w('emoji-names.csv', 'id,name,spend\n1,Ana \U0001F600,10\n2,Bo\u0308rk,20\n3,\u6771\u4eac,30\n')
w('formula-like-cells.csv', 'id,name,spend\n1,=SUM(A1:A9),10\n2,+44 20 7946 0000,20\n3,@home,30\n4,-minus,40\n')
# Encodings
jp = 'id,名前,都市,購入額\n1,山田太郎,東京,1200\n2,佐藤花子,大阪,3400\n3,鈴木一郎,名古屋,560\n4,田中さくら,福岡,7800\n'
w('shift-jis.csv', jp.encode('shift_jis'))
w('euc-jp.csv', jp.encode('euc_jp'))
cn = 'id,姓名,城市,消费\n1,王伟,北京,1200\n2,李娜,上海,3400\n3,张敏,广州,560\n4,刘洋,深圳,7800\n'
w('gbk.csv', cn.encode('gbk'))
tw = 'id,姓名,城市,消費\n1,陳大文,臺北,1200\n2,林小美,高雄,3400\n3,黃志明,臺中,560\n4,張雅婷,臺南,7800\n'
w('big5.csv', tw.encode('big5'))
kr = 'id,이름,도시,구매액\n1,김민준,서울,1200\n2,이서연,부산,3400\n3,박지훈,대구,560\n4,최수아,인천,7800\n'
w('euc-kr.csv', kr.encode('euc_kr'))
ru = 'id,имя,город,покупки\n1,Иван Петров,Москва,1200\n2,Мария Смирнова,Казань,3400\n3,Олег Соколов,Самара,560\n4,Анна Козлова,Пермь,7800\n'
w('cp1251.csv', ru.encode('cp1251'))
w('koi8-r.csv', ru.encode('koi8_r'))
fr = 'id,nom,ville,achats\n1,Hélène Müller,Orléans,1200\n2,José Núñez,Besançon,3400\n3,Françoise Noël,Nîmes,560\n4,Zoë Brontë,Évreux,7800\n'
w('latin1-french.csv', fr.encode('cp1252'))
w('utf16le-no-bom.txt', 'id\tname\tspend\n1\tAnna\t10\n2\tBen\t20\n3\tCleo\t30\n'.encode('utf-16-le'))
w('utf16be-no-bom.txt', 'id\tname\tspend\n1\tAnna\t10\n2\tBen\t20\n3\tCleo\t30\n'.encode('utf-16-be'))
w('invalid-utf8-chosen.csv', b'id,name,spend\n1,Ana,10\n2,\xff\xfe\xfa,20\n')
# Not text
w('random.bin', bytes(rng.randrange(1, 256) for _ in range(300)))
w('customers.csv.gz', gzip.compress(b'id,spend\n1,10\n2,20\n', mtime=0))
# A gzip file whose compressed data is damaged in the middle (its signature intact).
damaged = bytearray(gzip.compress(('id,spend\n' + ''.join(f'{i},{i * 7}\n' for i in range(2000))).encode(), mtime=0))
for i in range(40, 60):
    damaged[i] ^= 0xff
w('customers-damaged.csv.gz', bytes(damaged))
w('document.pdf', b'%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n')
w('old-excel.xls', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) + bytes(504))
w('picture.csv', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) + bytes(rng.randrange(0, 256) for _ in range(200)))
