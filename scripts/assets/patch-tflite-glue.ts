/**
 * Makes tfjs-tflite's Emscripten glue (tflite_web_api_cc_simd.js, @tensorflow/tfjs-tflite
 * 0.0.1-alpha.10) run under Manifest V3, whose extension pages forbid `eval` and `new Function`.
 *
 * Embind builds four kinds of helper functions from source strings at run time. Each is replaced
 * by a closure that does the same work: same argument checks, same wire conversions, same
 * destructor calls. The patch fails loudly if the glue is not the exact code it was written for,
 * and the browser parity test proves the patched runtime computes what torch computed.
 */

interface Replacement {
  name: string;
  start: string;
  end: string;
  replacement: string;
}

const REPLACEMENTS: Replacement[] = [
  {
    name: 'createNamedFunction',
    start: 'function createNamedFunction(name,body){',
    end: '};\\n")(body)}',
    replacement:
      'function createNamedFunction(name,body){var named=function(){return body.apply(this,arguments)};' +
      'Object.defineProperty(named,"name",{value:makeLegalFunctionName(name)});return named}',
  },
  {
    name: 'craftInvokerFunction',
    start: 'function craftInvokerFunction(humanName,argTypes,classType,cppInvokerFunc,cppTargetFunc){',
    end: 'var invokerFunction=new_(Function,args1).apply(null,args2);return invokerFunction}',
    replacement: `function craftInvokerFunction(humanName,argTypes,classType,cppInvokerFunc,cppTargetFunc){
var argCount=argTypes.length;
if(argCount<2){throwBindingError("argTypes array size mismatch! Must at least get return value and 'this' types!")}
var isClassMethodFunc=argTypes[1]!==null&&classType!==null;
var needsDestructorStack=false;
for(var i=1;i<argTypes.length;++i){if(argTypes[i]!==null&&argTypes[i].destructorFunction===undefined){needsDestructorStack=true;break}}
var returns=argTypes[0].name!=="void";
var expected=argCount-2;
return createNamedFunction(humanName,function(){
if(arguments.length!==expected){throwBindingError("function "+humanName+" called with "+arguments.length+" arguments, expected "+expected+" args!")}
var destructors=needsDestructorStack?[]:null;
var invokerArgs=[cppTargetFunc];
var thisWired;
if(isClassMethodFunc){thisWired=argTypes[1].toWireType(destructors,this);invokerArgs.push(thisWired)}
var wired=new Array(expected);
for(var a=0;a<expected;++a){wired[a]=argTypes[a+2].toWireType(destructors,arguments[a]);invokerArgs.push(wired[a])}
var rv=cppInvokerFunc.apply(null,invokerArgs);
if(needsDestructorStack){runDestructors(destructors)}
else{for(var d=isClassMethodFunc?1:2;d<argTypes.length;++d){if(argTypes[d].destructorFunction!==null){argTypes[d].destructorFunction(d===1?thisWired:wired[d-2])}}}
if(returns){return argTypes[0].fromWireType(rv)}
})}`,
  },
  {
    name: '__emval_get_method_caller',
    start: 'function __emval_get_method_caller(argCount,argTypes){',
    end: 'emval_registeredMethods[signatureName]=returnId;return returnId}',
    replacement: `function __emval_get_method_caller(argCount,argTypes){
var types=emval_lookupTypes(argCount,argTypes);var retType=types[0];
var signatureName=retType.name+"_$"+types.slice(1).map(function(t){return t.name}).join("_")+"$";
var returnId=emval_registeredMethods[signatureName];if(returnId!==undefined){return returnId}
var offsets=[];var offset=0;for(var i=0;i<argCount-1;++i){offsets.push(offset);offset+=types[i+1]["argPackAdvance"]}
var caller=function(handle,name,destructors,args){
var values=new Array(argCount-1);
for(var a=0;a<argCount-1;++a){values[a]=types[a+1].readValueFromPointer(args+offsets[a])}
var rv=handle[name].apply(handle,values);
for(var b=0;b<argCount-1;++b){if(types[b+1]["deleteObject"]){types[b+1].deleteObject(values[b])}}
if(!retType.isVoid){return retType.toWireType(destructors,rv)}
};
returnId=emval_addMethodCaller(caller);emval_registeredMethods[signatureName]=returnId;return returnId}`,
  },
  {
    name: 'craftEmvalAllocator',
    start: 'function craftEmvalAllocator(argCount){',
    end: '(requireRegisteredType,Module,Emval.toHandle,getMemory)}',
    replacement: `function craftEmvalAllocator(argCount){
return function(constructor,argTypes,args){
var values=new Array(argCount);
for(var i=0;i<argCount;++i){var argType=requireRegisteredType(HEAPU32[argTypes>>2],"parameter "+i);values[i]=argType.readValueFromPointer(args);args+=argType["argPackAdvance"];argTypes+=4}
return Emval.toHandle(Reflect.construct(constructor,values))}}`,
  },
];

/** Rewrites the glue; throws if any expected function is missing or any dynamic code remains. */
export function patchTfliteGlue(source: string): string {
  let patched = source;
  for (const { name, start, end, replacement } of REPLACEMENTS) {
    const from = patched.indexOf(start);
    const to = from < 0 ? -1 : patched.indexOf(end, from);
    if (from < 0 || to < 0 || patched.indexOf(start, from + 1) >= 0) {
      throw new Error(`tfjs-tflite glue changed: cannot find exactly one ${name} to patch`);
    }
    patched = patched.slice(0, from) + replacement + patched.slice(to + end.length);
  }
  const leftover = patched.match(/new Function|new_\(Function|\beval\(/);
  if (leftover) throw new Error(`tfjs-tflite glue still builds code at run time: ${leftover[0]}`);
  return patched;
}
