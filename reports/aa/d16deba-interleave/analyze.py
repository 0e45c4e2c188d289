import json,sys,math,statistics as st,glob,os
runs={}
for f in sys.argv[1:]:
    r=json.load(open(f+'/results.json')); o=json.load(open(f+'/run.json'))
    seq='--no-interleave' in ' '.join(o['jmh']['userOptions'])
    d={}
    for x in r:
        if any('VIRTUAL' in a for a in x.get('jvmArgs',[])): continue
        pool=x['params']['pool']; d[pool]=[st.mean(fk) for fk in x['primaryMetric']['rawData']]
    runs[f]=(seq,d)
for arm in (False,True):
    print('sequential' if arm else 'interleaved')
    for pool in ['poolbench','c3p0','vibur']:
        ests=[];pcv=[];ucv=[]
        for f,(seq,d) in runs.items():
            if seq!=arm or pool not in d or 'hikari' not in d: continue
            a,b=d[pool],d['hikari']
            ests.append(math.log(st.mean(a)/st.mean(b)))
            pr=[math.log(x/y) for x,y in zip(a,b)]
            pcv.append(st.stdev(pr))
            ucv.append(math.sqrt(st.variance([math.log(x) for x in a])+st.variance([math.log(y) for y in b])))
        if ests:
            print('  %-10s ratio per run %s  between-run sd %.3f  paired-fork sd %s  unpaired sd %s'%(pool, ['%.3f'%math.exp(e) for e in ests], st.stdev(ests) if len(ests)>1 else float('nan'), ['%.3f'%v for v in pcv], ['%.3f'%v for v in ucv]))
